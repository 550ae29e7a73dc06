/// The horizontal axis: months, with ticks at round dates (every January, or every
/// quarter or month on short runs).
struct TimeAxis {
    let firstMonth: Int
    let months: Int

    /// Where month `index` (into the values) sits, 0 (left) to 1 (right). A chart of one
    /// month puts it in the middle.
    func position(_ index: Double) -> Double {
        months <= 1 ? 0.5 : index / Double(months - 1)
    }

    /// A tick on the axis: the value index it marks and its label.
    struct Tick: Equatable {
        let index: Int
        let label: String
    }

    /// Tick spacings in months: months, quarters, half years, then years.
    private static let intervals = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200]

    /// Ticks at the finest round spacing whose labels fit: `fits(count, labelWidth)` says
    /// whether `count` labels of `labelWidth` characters fit the axis. Yearly and coarser
    /// ticks fall on Januaries and are labelled with the year (`2026`); finer ones with the
    /// month (`2026-04`).
    func ticks(fitting fits: (Int, Int) -> Bool) -> [Tick] {
        guard months > 0 else { return [] }
        for interval in Self.intervals {
            let yearly = interval >= 12
            let indices = (0..<months).filter { (firstMonth + $0) % interval == 0 }
            let width = yearly ? 4 : 7
            if indices.isEmpty || !fits(indices.count, width) { continue }
            return indices.map { Tick(index: $0, label: Self.label(firstMonth + $0, yearly: yearly)) }
        }
        // Nothing round fits: the first month alone.
        return [Tick(index: 0, label: Self.label(firstMonth, yearly: false))]
    }

    static func label(_ month: Int, yearly: Bool) -> String {
        let text = AxisText.month(month)
        return yearly ? String(text.prefix(text.count - 3)) : text
    }
}
