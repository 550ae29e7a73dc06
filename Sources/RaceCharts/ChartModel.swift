import RaceModel

/// One line of a chart: a quantity over consecutive months, and under Monte Carlo the
/// band of its 5th to 95th percentiles around it (a fan).
///
/// Values are in the engine's units (`RunResult.value`: compute per month, money in
/// dollars); NaN is a month without a value (an unbounded company's cash, a month after
/// the entity left), ±∞ a value that is infinite (the runway of a lab that burns nothing).
public struct ChartSeries: Sendable {
    /// The legend's name: an entity (`OpenAI`) or an expression (`total(compute)`).
    public var name: String
    /// One value per month of the chart, from its first month.
    public var values: [Double]
    /// The p5 and p95 of each month, when the line is a median over samples.
    public var band: Band?
    /// Where the entity left the race, marked on the line.
    public var exit: ChartExit?
    /// Colour, dash and marker; the same entity keeps the same style in every chart.
    public var style: Int
    /// Drawn dashed whatever its style (the second scenario of a diff).
    public var dashed: Bool
    /// A remark for the legend (`cash not tracked`).
    public var note: String?

    public init(name: String, values: [Double], band: Band? = nil, exit: ChartExit? = nil, style: Int,
                dashed: Bool = false, note: String? = nil) {
        self.name = name
        self.values = values
        self.band = band
        self.exit = exit
        self.style = style
        self.dashed = dashed
        self.note = note
    }

    /// The index of the last month with a finite or infinite value (nil when all are missing).
    public var lastValueIndex: Int? { values.lastIndex { !$0.isNaN } }
}

/// The 5th and 95th percentiles of a series, month by month (same length as its values).
public struct Band: Sendable {
    public var low: [Double]
    public var high: [Double]

    public init(low: [Double], high: [Double]) {
        self.low = low
        self.high = high
    }
}

/// An exit drawn on a line: the month (an index into the series' values) and what to say.
public struct ChartExit: Sendable {
    public var index: Int
    /// `out of cash 2026-10`, or under Monte Carlo `p(exit) 62%, median 2026-10`.
    public var text: String

    public init(index: Int, text: String) {
        self.index = index
        self.text = text
    }
}

/// How the values of a chart are written on its axis.
public enum ValueFormat: Sendable, Equatable {
    /// In the quantity's human units (`$40B`, `2 ZFLOP/s`, `6 months`).
    case quantity(RaceModel.Dimension)
    /// A share written as a percentage (survival curves, stakes).
    case percent
}

/// One chart: a title, the months it covers and its lines.
public struct Chart: Sendable {
    public var title: String
    /// A second line under the title (`median and 5th–95th percentiles of 2,000 samples`).
    public var subtitle: String?
    public var format: ValueFormat
    /// The month index (`year * 12 + month - 1`) of every series' first value.
    public var firstMonth: Int
    public var series: [ChartSeries]
    /// Whether each line gets its style's dash pattern in SVG (so that print tells lines
    /// apart); off where the dash means something else (a diff: A solid, B dashed).
    public var dashesByStyle = true

    public init(title: String, subtitle: String? = nil, format: ValueFormat, firstMonth: Int, series: [ChartSeries]) {
        self.title = title
        self.subtitle = subtitle
        self.format = format
        self.firstMonth = firstMonth
        self.series = series
    }

    /// How many months the chart covers (the longest series).
    public var months: Int { series.map(\.values.count).max() ?? 0 }

    /// Whether any line carries a band: then each entity gets a panel of its own.
    public var isFan: Bool { series.contains { $0.band != nil } }

    /// Every value a scale must cover: the lines and their bands.
    var allValues: [Double] {
        series.flatMap { s in s.values + (s.band.map { $0.low + $0.high } ?? []) }
    }

    /// The same chart with only the months `range` (indices into the values).
    public func months(_ range: Range<Int>) -> Chart {
        var copy = self
        copy.firstMonth = firstMonth + range.lowerBound
        copy.series = series.map { s in
            var s = s
            let clipped = range.clamped(to: 0..<s.values.count)
            s.values = Array(s.values[clipped])
            s.band = s.band.map { Band(low: Array($0.low[clipped]), high: Array($0.high[clipped])) }
            s.exit = s.exit.flatMap { range.contains($0.index) ? ChartExit(index: $0.index - range.lowerBound, text: $0.text) : nil }
            return s
        }
        return copy
    }
}
