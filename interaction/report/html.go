package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"time"
)

//go:embed report.html.tmpl
var pageSource string

// pageTemplate parses the report page with clock times in loc; html/template
// escapes every viewer's text it is given.
func pageTemplate(loc *time.Location) (*template.Template, error) {
	return template.New("report").Funcs(template.FuncMap{
		"duration": duration,
		"clock":    func(t time.Time) string { return t.In(loc).Format("15:04:05") },
	}).Parse(pageSource)
}

// page is what the template renders: the Summary, its clock times and charts.
type page struct {
	S                                  *Summary
	Start, End, Date, Length, PeakTime string
	Comments, Likes, Viewers           template.HTML
	Intents, Products, Sources         template.HTML
	Empty                              bool
}

// WriteHTML writes the report as one self-contained HTML page: inline CSS and
// SVG charts, no scripts, nothing fetched. Clock times are in s.Zone.
func WriteHTML(w io.Writer, s *Summary) error {
	loc := s.location()
	p := page{S: s, Empty: len(s.Minutes) == 0,
		Start: s.Start.In(loc).Format("15:04"), End: s.End.In(loc).Format("15:04"),
		Date: s.Start.In(loc).Format("2006-01-02"), Length: duration(
			int(s.End.Sub(s.Start).Milliseconds()))}
	if !p.Empty {
		p.charts(s, loc)
	}
	if s.Peak != nil {
		p.PeakTime = s.Peak.At.In(loc).Format("15:04")
	}
	t, err := pageTemplate(loc)
	if err != nil {
		return fmt.Errorf("parse report template: %w", err)
	}
	if err := t.Execute(w, p); err != nil {
		return fmt.Errorf("write report html: %w", err)
	}
	return nil
}

// charts draws the page's SVG charts.
func (p *page) charts(s *Summary, loc *time.Location) {
	n := len(s.Minutes)
	ticks := make([]string, n)
	comments, likes, viewers := make([]int, n), make([]int, n), make([]int, n)
	for i, m := range s.Minutes {
		ticks[i] = m.At.In(loc).Format("15:04")
		comments[i], likes[i], viewers[i] = m.Comments, m.Likes, m.Viewers
	}
	peakAt := -1
	if s.Peak != nil {
		peakAt = s.Peak.Minute
	}
	p.Comments = minuteChart{name: "评论/分钟 comments per minute", values: comments,
		color: "#0f766e", peak: peakAt, ticks: ticks, bands: productBands(s)}.svg()
	p.Likes = minuteChart{name: "点赞/分钟 likes per minute", values: likes,
		color: "#db2777", line: true, peak: peakAt, ticks: ticks}.svg()
	p.Viewers = minuteChart{name: "在线人数 viewers", values: viewers,
		color: "#4f46e5", line: true, peak: -1, ticks: ticks}.svg()
	p.Intents = intentBars(s.Intents)
	p.Products = productBars(s.Products)
	p.Sources = sourceBars(s.Sources)
}

// productBands are the product blocks on the minute charts' axis.
func productBands(s *Summary) []band {
	colors := make(map[string]string)
	out := make([]band, 0, len(s.Blocks))
	for _, b := range s.Blocks {
		if _, ok := colors[b.Product]; !ok {
			colors[b.Product] = productColors[len(colors)%len(productColors)]
		}
		out = append(out, band{
			from:  b.Start.Sub(s.Start).Minutes(),
			to:    b.End.Sub(s.Start).Minutes(),
			label: cmpName(productName(s.Products, b.Product), b.Product),
			color: colors[b.Product],
		})
	}
	return out
}

// intentBars charts the share of each intent.
func intentBars(counts []IntentCount) template.HTML {
	rows := make([]hbar, 0, len(counts))
	for _, c := range counts {
		color := "#0f766e"
		switch {
		case c.Intent == "purchase":
			color = "#16a34a"
		case c.Intent == "complaint":
			color = "#dc2626"
		case isQuestion(c.Intent):
			color = "#2563eb"
		}
		rows = append(rows, hbar{label: c.Label, sub: c.Intent, n: float64(c.Count),
			value: fmt.Sprintf("%d · %.1f%%", c.Count, c.Share), color: color})
	}
	return hbars("意图分布 intents", rows)
}

// productBars charts each product's airtime, labelled with its purchase comments.
func productBars(ps []ProductAirtime) template.HTML {
	rows := make([]hbar, 0, len(ps))
	for i, p := range ps {
		rows = append(rows, hbar{label: cmpName(p.Name, p.Product), n: float64(p.AirtimeMS),
			value: fmt.Sprintf("%s · 想买 %d", duration(p.AirtimeMS), p.PurchaseIntents),
			color: productColors[i%len(productColors)]})
	}
	return hbars("商品讲解时长 product airtime", rows)
}

// sourceBars charts utterances by source.
func sourceBars(ss []SourceCount) template.HTML {
	rows := make([]hbar, 0, len(ss))
	for _, s := range ss {
		rows = append(rows, hbar{label: s.Label, sub: s.Source, n: float64(s.DurationMS),
			value: fmt.Sprintf("%d 句 · %s", s.Utterances, duration(s.DurationMS)),
			color: "#0891b2"})
	}
	return hbars("话术来源 utterances by source", rows)
}

// duration formats milliseconds for people: "1时02分", "3分12秒", "8秒".
func duration(ms int) string {
	sec := (ms + 500) / 1000
	switch {
	case sec >= 3600:
		return fmt.Sprintf("%d时%02d分", sec/3600, sec%3600/60)
	case sec >= 60:
		return fmt.Sprintf("%d分%02d秒", sec/60, sec%60)
	}
	return fmt.Sprintf("%d秒", sec)
}
