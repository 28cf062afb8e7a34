// Package assets holds the files the zhubo binary serves as they are: the viewer web page
// (web/viewer.html with its script and style), embedded so the binary needs no files beside it.
package assets

import "embed"

// Web holds the viewer page under "web/": viewer.html, viewer.js and viewer.css. The page loads
// its script and style from /web/, so serve fs.Sub(Web, "web") there and viewer.html at / and
// /rooms/{room}.
//
//go:embed web/*
var Web embed.FS
