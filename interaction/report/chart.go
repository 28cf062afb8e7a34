package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// Geometry of the SVG charts, in viewBox units; the page scales them to fit.
const (
	chartW     = 720
	chartH     = 200
	padLeft    = 44
	padRight   = 12
	padTop     = 14
	padBottom  = 26
	bandH      = 22
	barRowH    = 30
	barLabelW  = 240
	barValueW  = 130
	maxXLabels = 8
)

// productColors tint product blocks, cycling when a show has more products.
var productColors = []string{"#6366f1", "#f59e0b", "#10b981", "#ec4899", "#0ea5e9", "#84cc16"}

// band is a stretch of a minute chart's x axis, drawn under it: a product block.
type band struct {
	from, to float64 // minutes from the chart's start
	label    string
	color    string
}

// minuteChart draws a per-minute series as bars or a line.
type minuteChart struct {
	name   string
	values []int
	color  string
	line   bool
	peak   int // index of the highlighted minute, or -1
	ticks  []string
	bands  []band
}

// svg renders the chart. Every text it draws is escaped.
func (c minuteChart) svg() template.HTML {
	h := chartH
	if len(c.bands) > 0 {
		h += bandH + 6
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		chartW, h, html.EscapeString(c.name))
	top := niceCeil(maxInt(c.values))
	c.grid(&b, top)
	if c.line {
		c.drawLine(&b, top)
	} else {
		c.drawBars(&b, top)
	}
	c.drawBands(&b)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// plot geometry helpers.
func plotW() float64 { return chartW - padLeft - padRight }
func plotH() float64 { return chartH - padTop - padBottom }

// x is the left edge of minute i.
func (c minuteChart) x(i float64) float64 {
	return padLeft + i*plotW()/float64(max(len(c.values), 1))
}

// y is the vertical position of value v on a scale up to top.
func y(v, top int) float64 {
	return padTop + plotH()*(1-float64(v)/float64(top))
}

// grid draws horizontal grid lines with values, and the minute labels.
func (c minuteChart) grid(b *strings.Builder, top int) {
	for k := 0; k <= 4; k++ {
		v := top * k / 4
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`,
			padLeft, chartW-padRight, y(v, top), y(v, top))
		fmt.Fprintf(b, `<text class="axis" x="%d" y="%.1f" text-anchor="end">%d</text>`,
			padLeft-6, y(v, top)+4, v)
	}
	step := int(math.Ceil(float64(len(c.ticks)) / maxXLabels))
	for i := 0; i < len(c.ticks); i += max(step, 1) {
		fmt.Fprintf(b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`,
			c.x(float64(i)+0.5), chartH-8, html.EscapeString(c.ticks[i]))
	}
}

// drawBars draws one bar per minute, the peak in a stronger colour.
func (c minuteChart) drawBars(b *strings.Builder, top int) {
	w := plotW() / float64(max(len(c.values), 1))
	gap := math.Min(2, w*0.2)
	for i, v := range c.values {
		fill := c.color
		if i == c.peak {
			fill = "#e11d48"
		}
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" rx="2">`+
			`<title>%s: %d</title></rect>`, c.x(float64(i))+gap/2, y(v, top), w-gap,
			y(0, top)-y(v, top), fill, html.EscapeString(c.tick(i)), v)
	}
}

// drawLine draws the series as a line with a filled area under it.
func (c minuteChart) drawLine(b *strings.Builder, top int) {
	if len(c.values) == 0 {
		return
	}
	pts := make([]string, len(c.values))
	for i, v := range c.values {
		pts[i] = fmt.Sprintf("%.1f,%.1f", c.x(float64(i)+0.5), y(v, top))
	}
	first, last := c.x(0.5), c.x(float64(len(c.values))-0.5)
	fmt.Fprintf(b, `<polygon points="%.1f,%.1f %s %.1f,%.1f" fill="%s" opacity="0.15"/>`,
		first, y(0, top), strings.Join(pts, " "), last, y(0, top), c.color)
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5" `+
		`stroke-linejoin="round"/>`, strings.Join(pts, " "), c.color)
	if c.peak >= 0 && c.peak < len(c.values) {
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="5" fill="#e11d48"/>`,
			c.x(float64(c.peak)+0.5), y(c.values[c.peak], top))
	}
}

// drawBands draws product blocks as a strip under the chart.
func (c minuteChart) drawBands(b *strings.Builder) {
	for _, bd := range c.bands {
		x0, x1 := c.x(bd.from), c.x(bd.to)
		fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" rx="3">`+
			`<title>%s</title></rect>`, x0, chartH+2, math.Max(x1-x0-1, 1), bandH, bd.color,
			html.EscapeString(bd.label))
		if x1-x0 > 40 {
			fmt.Fprintf(b, `<text class="band" x="%.1f" y="%d">%s</text>`, x0+5, chartH+17,
				html.EscapeString(clipRunes(bd.label, int((x1-x0)/13))))
		}
	}
}

// tick is the label of minute i.
func (c minuteChart) tick(i int) string {
	if i < len(c.ticks) {
		return c.ticks[i]
	}
	return fmt.Sprint(i)
}

// hbar is one row of a horizontal bar chart.
type hbar struct {
	label, sub, value string
	n                 float64
	color             string
}

// hbars draws labelled horizontal bars scaled to the largest n.
func hbars(name string, rows []hbar) template.HTML {
	h := len(rows)*barRowH + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		chartW, h, html.EscapeString(name))
	top := 0.0
	for _, r := range rows {
		top = math.Max(top, r.n)
	}
	room := float64(chartW - barLabelW - barValueW)
	for i, r := range rows {
		y0 := 4 + i*barRowH
		w := 0.0
		if top > 0 {
			w = math.Max(room*r.n/top, 2)
		}
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s`+
			`<tspan class="sub"> %s</tspan></text>`, barLabelW-8, y0+19,
			html.EscapeString(r.label), html.EscapeString(r.sub))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s" rx="3"/>`,
			barLabelW, y0+5, w, barRowH-10, r.color)
		fmt.Fprintf(&b, `<text class="value" x="%.1f" y="%d">%s</text>`,
			float64(barLabelW)+w+6, y0+19, html.EscapeString(r.value))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// niceCeil rounds v up to a round number, at least 4, a quarter of which is a
// whole number for the grid.
func niceCeil(v int) int {
	if v <= 4 {
		return 4
	}
	p := math.Pow(10, math.Floor(math.Log10(float64(v))))
	for _, m := range []float64{1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10} {
		if top := int(math.Round(m * p)); top >= v && top%4 == 0 {
			return top
		}
	}
	return int(10 * p)
}

// maxInt is the largest of vs, or 0.
func maxInt(vs []int) int {
	m := 0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}
