import RaceModel

/// Loans (docs/reference/financing.md): `X borrows A [from Y] at R over D`. X gets A now; in each of the D months
/// after this one it pays simple interest `A × r` (r the monthly rate of R, as for growth),
/// and in the last of them the principal too. Payments are part of X's spend (so of its
/// runway) and are paid and received like rent. `debt` is the principal outstanding. A
/// borrower that leaves the race owing defaults: the rest is never paid, its debt stays.
extension LaneEngine {
    func borrow(_ borrower: Int, _ amountFormula: Int, _ lender: Int?, _ rate: GrowthPlan, _ monthsFormula: Int,
                _ context: inout ActionContext) throws(RunError) -> ActionAmounts {
        let a = try amount(amountFormula, .amountBorrowed, &context)
        let d = try months(monthsFormula, &context)
        let r = actionRow(context.nextRow)
        context.nextRow += 1
        try growthFactors(rate, span: actionSpan(context.index), bound: context.bound, into: r, lanes: context.lanes)
        for s in 0..<lanes { r[s] -= 1 }
        let x = resolve(borrower, context.bound), y = lender.map { resolve($0, context.bound) }
        let cash = row(.cash, x), received = row(.received, x), debt = row(.debt, x)
        for s in 0..<lanes where context.lanes[s] {
            cash[s] += a[s]
            received[s] += a[s]
            debt[s] += a[s]
            if let y {
                row(.cash, y)[s] -= a[s]
                row(.paid, y)[s] += a[s]
            }
        }
        for (length, lanesOfLength) in lengths(d, in: context.lanes) {
            let principal = memory.makeRow(), interest = memory.makeRow()
            let owed = memory.row(principal), monthly = memory.row(interest)
            for s in lanesOfLength {
                owed[s] = a[s]
                monthly[s] = a[s] * r[s]
            }
            let number = ledger.loans.add(LoanItem(borrower: x, lender: y, firstStep: step + 1, lastStep: step + length,
                                                   principal: principal, interest: interest))
            ledger.loansOf[x].append(number)
            if let y { ledger.lentBy[y].append(number) }
        }
        return ActionAmounts(a, d, r)
    }

    /// What a borrower's loans cost this month: each loan in its months pays its interest, and
    /// in its last month its principal too. Worked out at the start of each month (and when
    /// loans change hands), so that rules see it in `spend` and `runway`.
    func refreshLoanPayments(of e: Int) {
        let payments = row(.loanPayments, e)
        payments.fill(0)
        for number in ledger.loansOf[e] {
            let loan = ledger.loans[number]
            guard step >= loan.firstStep && step <= loan.lastStep else { continue }
            let interest = memory.row(loan.interest), principal = memory.row(loan.principal), last = step == loan.lastStep
            for s in 0..<lanes where principal[s] != 0 { payments[s] += interest[s] + (last ? principal[s] : 0) }
        }
    }

    /// Phase 4's loan payments, after the flows that took them from the borrowers' cash: they
    /// reach their lenders, and a loan in its last month is repaid (its debt gone).
    func bookLoanPayments() {
        for number in ledger.loans.order {
            let loan = ledger.loans[number]
            guard step >= loan.firstStep && step <= loan.lastStep else { continue }
            let principal = memory.row(loan.principal), interest = memory.row(loan.interest), last = step == loan.lastStep
            let active = row(.active, loan.borrower), paid = row(.paid, loan.borrower), debt = row(.debt, loan.borrower)
            // A lender that has left takes nothing more: the payment leaves the model.
            let lenderActive = loan.lender.map { row(.active, $0) }
            for s in 0..<lanes where principal[s] != 0 && active[s] != 0 {
                let payment = interest[s] + (last ? principal[s] : 0)
                paid[s] += payment
                if let y = loan.lender, lenderActive![s] != 0 {
                    row(.cash, y)[s] += payment
                    row(.received, y)[s] += payment
                }
                if last {
                    debt[s] -= principal[s]
                    principal[s] = 0
                }
            }
        }
        let now = step
        for (number, loan) in ledger.loans.removeAll(where: { $0.lastStep <= now }) {
            ledger.loansOf[loan.borrower].removeAll { $0 == number }
            if let y = loan.lender { ledger.lentBy[y].removeAll { $0 == number } }
            memory.release(loan.principal)
            memory.release(loan.interest)
        }
    }

    /// A borrower leaves the race in `on` owing: each loan with principal outstanding
    /// defaults there (nothing more is paid; its debt stays), with one warning per loan.
    func defaultLoans(of e: Int, lanes on: LaneMask) {
        for number in ledger.loansOf[e] {
            let loan = ledger.loans[number]
            let principal = memory.row(loan.principal), interest = memory.row(loan.interest)
            if let lane = logLane, on[lane], principal[lane] > 0 {
                ledger.warnings.append(RunWarning(step: step, entity: e,
                                                  kind: .defaulted(principal: principal[lane], lender: loan.lender)))
            }
            for s in 0..<lanes where on[s] {
                principal[s] = 0
                interest[s] = 0
            }
        }
        refreshLoanPayments(of: e)
    }
}
