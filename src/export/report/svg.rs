//! The report's charts: inline SVG written as text, no script.
//!
//! Every chart is a `<figure>` with an `<svg role="img">` titled and
//! described for screen readers, a tooltip on every mark (`<title>`), and
//! the numbers behind it in a table under a `<details>`: the chart is never
//! the only way to read them. Marks carry their value in `data-value` so
//! that a test can hold the drawing to the tables. Colours are the
//! Okabe–Ito palette (told apart with every kind of colour blindness) and
//! one sequential blue for amounts; text is dark on white.

use std::fmt::Write;

/// Okabe–Ito, in an order where neighbours differ most.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Five steps of one blue, light to dark, for amounts.
const SEQUENTIAL: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

/// Text escaped for HTML and SVG, attributes included.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// At most `n` characters of `s`, with an ellipsis when cut.
pub fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A figure: caption, the SVG (its title and description for screen
/// readers), and the table of its numbers.
pub struct Figure<'a> {
    pub id: &'a str,
    pub caption: &'a str,
    /// What the chart shows, in a sentence (the SVG's `<desc>`).
    pub desc: &'a str,
    /// Column headers and rows of the table behind it.
    pub header: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
}

impl Figure<'_> {
    /// Wraps `body` (the marks) in an `<svg>` of the given size.
    pub fn render(&self, width: u32, height: u32, body: &str) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<figure id=\"{id}\"><figcaption>{cap}</figcaption>\
             <svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
             width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\
             <title id=\"{id}-t\">{cap}</title><desc id=\"{id}-d\">{desc}</desc>{body}</svg>",
            id = esc(self.id),
            cap = esc(self.caption),
            desc = esc(self.desc),
        );
        out.push_str(&table(self.header, &self.rows, true));
        out.push_str("</figure>");
        out
    }
}

/// An HTML table; under a `<details>` when `folded` (a chart's numbers).
pub fn table(header: &[&str], rows: &[Vec<String>], folded: bool) -> String {
    let mut out = String::new();
    if folded {
        out.push_str("<details><summary>The numbers</summary>");
    }
    out.push_str("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            // Cells are escaped by whoever made them when they hold markup
            // (a link); plain cells come escaped from `cell`.
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if folded {
        out.push_str("</details>");
    }
    out
}

/// A plain table cell: text escaped.
pub fn cell(s: &str) -> String {
    esc(s)
}

/// One bar of a bar chart.
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as shown (`51.9%`, `1:02:03`).
    pub shown: String,
    /// More for the tooltip (who mentions them most).
    pub more: String,
}

const LABEL_W: u32 = 190;
const BAR_W: u32 = 420;
const ROW_H: u32 = 22;

/// Horizontal bars, one a row, longest scaled to the full width; `kind`
/// names what the bars are (a class for the tests: `talk-share`…).
pub fn bars(fig: &Figure<'_>, kind: &str, items: &[Bar]) -> String {
    let max = items.iter().map(|b| b.value).fold(0.0f64, f64::max);
    let mut body = String::new();
    for (i, b) in items.iter().enumerate() {
        let y = i as u32 * ROW_H + 4;
        let w = if max > 0.0 {
            b.value / max * f64::from(BAR_W)
        } else {
            0.0
        };
        let tip = if b.more.is_empty() {
            format!("{}: {}", b.label, b.shown)
        } else {
            format!("{}: {} ({})", b.label, b.shown, b.more)
        };
        let _ = write!(
            body,
            "<text x=\"{lx}\" y=\"{ty}\" class=\"label\" text-anchor=\"end\">{label}</text>\
             <rect class=\"bar {kind}\" x=\"{x}\" y=\"{y}\" width=\"{w:.2}\" height=\"{h}\" \
             fill=\"{fill}\" data-label=\"{dl}\" data-value=\"{v}\"><title>{tip}</title></rect>\
             <text x=\"{vx:.2}\" y=\"{ty}\" class=\"value\">{shown}</text>",
            lx = LABEL_W - 6,
            ty = y + 14,
            label = esc(&cut(&b.label, 28)),
            x = LABEL_W,
            h = ROW_H - 6,
            fill = PALETTE[0],
            dl = esc(&b.label),
            v = b.value,
            tip = esc(&tip),
            vx = f64::from(LABEL_W) + w + 4.0,
            shown = esc(&b.shown),
        );
    }
    let height = items.len() as u32 * ROW_H + 8;
    fig.render(LABEL_W + BAR_W + 90, height.max(30), &body)
}

/// Columns over time: `items` are (label, value) in order; every few
/// labels are written under the axis.
pub fn columns(fig: &Figure<'_>, kind: &str, items: &[(String, f64)]) -> String {
    let n = items.len().max(1) as f64;
    let width = 700.0;
    let height = 160.0;
    // Wide columns for a few periods would look like amounts of area.
    let col = (width / n).min(48.0);
    let max = items.iter().map(|(_, v)| *v).fold(0.0f64, f64::max);
    let every = (items.len() / 8).max(1);
    let mut body = String::new();
    for (i, (label, v)) in items.iter().enumerate() {
        let h = if max > 0.0 { v / max * height } else { 0.0 };
        let x = 40.0 + i as f64 * col;
        let _ = write!(
            body,
            "<rect class=\"col {kind}\" x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" \
             fill=\"{fill}\" data-label=\"{dl}\" data-value=\"{v}\"><title>{dl}: {v}</title></rect>",
            y = 10.0 + height - h,
            w = (col - 1.0).max(0.5),
            fill = PALETTE[0],
            dl = esc(label),
        );
        if i % every == 0 {
            let _ = write!(
                body,
                "<text x=\"{x:.2}\" y=\"{ty}\" class=\"tick\">{l}</text>",
                ty = height + 26.0,
                l = esc(label),
            );
        }
    }
    let _ = write!(
        body,
        "<text x=\"0\" y=\"20\" class=\"tick\">{max}</text>\
         <line x1=\"40\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" class=\"axis\"/>",
        b = 10.0 + height,
        r = 40.0 + width,
    );
    // Room for the last label past the last column.
    let drawn = 40.0 + n * col + 70.0;
    fig.render(drawn.max(760.0).ceil() as u32, 200, &body)
}

/// A matrix of amounts: a cell per (row, column) shaded by its value over
/// the largest, the value in its tooltip; empty cells left blank.
pub fn heatmap(
    fig: &Figure<'_>,
    kind: &str,
    rows: &[String],
    cols: &[String],
    axes: (&str, &str),
    value: impl Fn(usize, usize) -> Option<f64>,
    shown: impl Fn(f64) -> String,
) -> String {
    let cell_w = 22.0;
    let label_w = 170.0;
    let top = 120.0;
    let max = (0..rows.len())
        .flat_map(|r| (0..cols.len()).map(move |c| (r, c)))
        .filter_map(|(r, c)| value(r, c))
        .fold(0.0f64, f64::max);
    let mut body = String::new();
    let _ = write!(
        body,
        "<text x=\"{x}\" y=\"{y}\" class=\"axis-title\" text-anchor=\"end\">{a}</text>\
         <text x=\"{x}\" y=\"{y2}\" class=\"axis-title\" text-anchor=\"end\">{b}</text>",
        x = label_w - 4.0,
        y = top - 26.0,
        y2 = top - 10.0,
        a = esc(axes.0),
        b = esc(axes.1),
    );
    for (c, name) in cols.iter().enumerate() {
        let x = label_w + c as f64 * cell_w + 14.0;
        let _ = write!(
            body,
            "<text transform=\"translate({x:.1},{y:.1}) rotate(-55)\" class=\"tick\">{n}</text>",
            y = top - 6.0,
            n = esc(&cut(name, 18)),
        );
    }
    for (r, name) in rows.iter().enumerate() {
        let y = top + r as f64 * cell_w;
        let _ = write!(
            body,
            "<text x=\"{lx}\" y=\"{ty:.1}\" class=\"label\" text-anchor=\"end\">{n}</text>",
            lx = label_w - 4.0,
            ty = y + 15.0,
            n = esc(&cut(name, 24)),
        );
        for (c, col) in cols.iter().enumerate() {
            let Some(v) = value(r, c) else { continue };
            let step = if max > 0.0 {
                ((v / max) * (SEQUENTIAL.len() as f64 - 1.0)).round() as usize
            } else {
                0
            };
            let _ = write!(
                body,
                "<rect class=\"cell {kind}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w}\" height=\"{w}\" \
                 fill=\"{fill}\" data-row=\"{dr}\" data-col=\"{dc}\" data-value=\"{v}\">\
                 <title>{dr} · {dc}: {s}</title></rect>",
                x = label_w + c as f64 * cell_w,
                w = cell_w - 2.0,
                fill = SEQUENTIAL[step.min(SEQUENTIAL.len() - 1)],
                dr = esc(name),
                dc = esc(col),
                s = esc(&shown(v)),
            );
        }
    }
    // The legend: what the shades stand for.
    let ly = top + rows.len() as f64 * cell_w + 14.0;
    for (i, colour) in SEQUENTIAL.iter().enumerate() {
        let _ = write!(
            body,
            "<rect x=\"{x}\" y=\"{ly:.1}\" width=\"18\" height=\"12\" fill=\"{colour}\"/>",
            x = label_w + i as f64 * 20.0,
        );
    }
    let _ = write!(
        body,
        "<text x=\"{x}\" y=\"{y:.1}\" class=\"tick\">0 to {m}</text>",
        x = label_w + 106.0,
        y = ly + 11.0,
        m = esc(&shown(max)),
    );
    let width = (label_w + cols.len() as f64 * cell_w + 40.0).max(360.0);
    let height = ly + 24.0;
    fig.render(width.ceil() as u32, height.ceil() as u32, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cut_on_characters() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(cut("Zoë Hartmann", 3), "Zoë…");
        assert_eq!(cut("Zoë", 3), "Zoë");
    }

    #[test]
    fn bars_scale_to_the_largest_and_carry_their_values() {
        let fig = Figure {
            id: "f",
            caption: "Talk",
            desc: "who talked",
            header: &["speaker", "share"],
            rows: vec![vec![cell("<b>"), cell("1")]],
        };
        let bar = |label: &str, value: f64| Bar {
            label: label.into(),
            value,
            shown: value.to_string(),
            more: String::new(),
        };
        let svg = bars(&fig, "talk-share", &[bar("Ann", 0.5), bar("<b>", 0.25)]);
        assert!(svg.contains("width=\"420.00\""), "{svg}");
        assert!(svg.contains("width=\"210.00\""), "{svg}");
        assert!(svg.contains("data-label=\"&lt;b&gt;\" data-value=\"0.25\""));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("<details><summary>The numbers</summary>"));
    }
}
