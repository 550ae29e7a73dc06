/// The frame of a report page: one self-contained HTML file (its CSS inline, its charts inline
/// SVG, no script, nothing fetched), written so that it is also well-formed XML (every element
/// closed, every text escaped), which is how the tests check it.
struct HTMLPage {
    private var body = ""
    private var contents: [(id: String, title: String)] = []

    /// A section with a heading, listed in the page's contents.
    mutating func section(_ id: String, _ title: String, _ content: String) {
        contents.append((id, title))
        body += "<section id=\"\(id)\"><h2>\(Self.escape(title))</h2>\n\(content)</section>\n"
    }

    /// Markup before the sections (the heading of the page).
    mutating func prepend(_ markup: String) { body = markup + body }

    /// The whole document; `footer` is markup at the end of the page.
    func document(title: String, header: String, footer: String = "") -> String {
        var toc = "<nav class=\"toc\"><ol>"
        for entry in contents { toc += "<li><a href=\"#\(entry.id)\">\(Self.escape(entry.title))</a></li>" }
        toc += "</ol></nav>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="race"/>
            <title>\(Self.escape(title))</title>
            <style>
            \(Self.css)
            \(SVGChart.css)
            </style></head>
            <body><main>
            \(header)\(toc)\(body)\(footer)</main></body></html>

            """
    }

    static func escape(_ text: String) -> String { SVGWriter.escape(text) }

    /// A paragraph of plain text.
    static func paragraph(_ text: String, cls: String = "") -> String {
        "<p\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(escape(text))</p>\n"
    }

    /// A figure with its caption.
    static func figure(_ svg: String, caption: String) -> String {
        "<figure>\(svg)<figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    /// A table; `numeric` columns are right-aligned with tabular figures. Cells are text,
    /// except those given as `.markup`.
    static func table(_ headers: [String], cls: String = "", _ rows: [[Cell]], numeric: Set<Int> = []) -> String {
        var html = "<div class=\"scroll\"><table\(cls.isEmpty ? "" : " class=\"\(cls)\"")><thead><tr>"
        for (i, header) in headers.enumerated() { html += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(header))</th>" }
        html += "</tr></thead><tbody>\n"
        for row in rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                html += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(cell.markup)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// A table cell: text to escape, or markup already written.
    enum Cell: ExpressibleByStringLiteral {
        case text(String)
        case html(String)

        init(stringLiteral value: String) { self = .text(value) }

        var markup: String {
            switch self {
            case .text(let t): return escape(t)
            case .html(let h): return h
            }
        }
    }

    /// A horizontal bar for a share, drawn with CSS (`p(exit)` in a table).
    static func shareBar(_ share: Double) -> String {
        let width = SVGWriter.number(max(0, min(1, share)) * 100)
        return "<span class=\"share\"><span style=\"width:\(width)%\"></span></span>"
    }

    static let css = """
        :root { --ink: #1b1b1b; --muted: #666; --rule: #ddd; --accent: #0072B2; --bad: #b3261e; --good: #1b7f3b; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f3f3f1; color: var(--ink);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 24px auto; padding: 36px 48px 56px; background: #fff;
          box-shadow: 0 1px 3px rgba(0,0,0,.08); }
        h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; }
        h2 { font-size: 20px; margin: 44px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
        h3 { font-size: 16px; margin: 24px 0 8px; }
        p { margin: 0 0 10px; max-width: 76ch; }
        .meta { color: var(--muted); margin-bottom: 14px; }
        .question p { font-size: 16px; }
        .note { color: var(--muted); font-size: 13px; }
        code, .command { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
          font-size: 13px; }
        .command { background: #f4f4f2; padding: 6px 10px; display: block; overflow-x: auto; white-space: pre; }
        .toc ol { columns: 3; margin: 8px 0 0; padding-left: 20px; color: var(--muted); }
        .toc a { color: var(--accent); text-decoration: none; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0 18px; }
        th, td { padding: 5px 12px 5px 0; border-bottom: 1px solid #e8e8e8; text-align: left; vertical-align: top; }
        th { font-weight: 600; border-bottom: 1px solid var(--ink); white-space: nowrap; }
        .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.nowrap { white-space: nowrap; }
        table.outcome { font-size: 13px; }
        table.outcome th { white-space: normal; vertical-align: bottom; }
        .finite { display: block; white-space: normal; color: var(--muted); font-size: 11px; max-width: 9em; margin-left: auto; }
        table.fields { table-layout: fixed; }
        table.fields th:nth-child(1) { width: 14%; } table.fields th:nth-child(2) { width: 30%; }
        .range { color: var(--muted); font-size: 12px; }
        .pass { color: var(--good); font-weight: 600; }
        .fail { color: var(--bad); font-weight: 600; }
        .share { display: inline-block; width: 44px; height: 9px; background: #eee; margin-right: 8px; vertical-align: middle; }
        .share span { display: block; height: 100%; background: var(--bad); }
        figure { margin: 14px 0 30px; break-inside: avoid; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        svg.chart { width: 100%; height: auto; display: block; }
        .events { columns: 2; column-gap: 32px; font-size: 13px; padding: 0; list-style: none; }
        .events li { break-inside: avoid; margin-bottom: 3px; }
        .events .when { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: 6px; }
        .placeholder { border: 1px dashed var(--rule); padding: 12px 16px; color: var(--muted); }
        footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
        @media (max-width: 720px) { main { padding: 20px; } .toc ol, .events { columns: 1; } }
        @media print {
          body { background: #fff; font-size: 11pt; }
          main { box-shadow: none; margin: 0; max-width: none; padding: 0; }
          .toc { display: none; }
          h2 { break-after: avoid; }
          tr, li { break-inside: avoid; }
        }
        """
}
