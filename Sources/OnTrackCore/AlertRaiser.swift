import OnTrackNumerics

/// Turns assessments into alerts: which targets, how severe, in what order, and what to say.
public struct AlertRaiser: Sendable {
    /// Statuses at or below this one on the progress scale are off track.
    public var threshold: Status

    public init(threshold: Status = .needsAcceleration) {
        precondition(threshold.severityRank != nil, "the threshold must be on the progress scale")
        self.threshold = threshold
    }

    /// The alerts of `current`, most severe first; `previous` is the same dataset assessed at an
    /// earlier vintage (matched by target id).
    public func raise(_ current: [TargetAssessment], previous: [TargetAssessment]? = nil) -> [Alert] {
        let before = Dictionary((previous ?? []).map { ($0.target.id, $0.assessment.status) }, uniquingKeysWith: { a, _ in a })
        var alerts: [Alert] = []
        for c in current {
            let status = c.assessment.status
            let offTrack = status.isAtOrBelow(threshold)
            let old = before[c.target.id]
            let worse = old.flatMap(\.severityRank).map { was in status.severityRank.map { $0 < was } ?? false } ?? false
            guard offTrack || worse else { continue }
            let kind: Alert.Kind = worse ? (offTrack ? .worsenedOffTrack : .worsened) : .offTrack
            let severity: Alert.Severity
            switch status {
            case .movingAway: severity = .critical
            case .limitedProgress: severity = .high
            case .needsAcceleration: severity = offTrack ? .medium : .low
            default: severity = .low
            }
            let schedule = Self.schedule(c)
            var alert = Alert(id: Alert.id(of: c.target.id), severity: severity, kind: kind, current: c,
                              previousStatus: previous == nil ? nil : old, schedule: schedule, messageZh: "", messageEn: "")
            alert.messageZh = AlertMessage.chinese(alert)
            alert.messageEn = AlertMessage.english(alert)
            alerts.append(alert)
        }
        return alerts.sorted(by: Self.moreUrgent)
    }

    /// Severity, then worsened before not, then the lower progress ratio, then the later arrival
    /// (never first), then the target id.
    static func moreUrgent(_ a: Alert, _ b: Alert) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        let aw = a.kind != .offTrack, bw = b.kind != .offTrack
        if aw != bw { return aw }
        let ar = a.current.assessment.ratio ?? .infinity, br = b.current.assessment.ratio ?? .infinity
        if ar != br { return ar < br }
        let ay = a.schedule == .never ? Int.max : (a.yearsBehind ?? Int.min)
        let by = b.schedule == .never ? Int.max : (b.yearsBehind ?? Int.min)
        if ay != by { return ay > by }
        return a.current.target.id < b.current.target.id
    }

    /// When the target is reached if the indicator keeps its actual rate since the baseline.
    static func schedule(_ c: TargetAssessment) -> Schedule? {
        let a = c.assessment
        guard let latest = a.latest, let aim = a.aim, let d = a.direction, let pace = a.actualChange else { return nil }
        switch c.target.form {
        case .averageGrowth, .categorical:
            return nil
        case .cumulative:
            guard let progress = a.cumulative else { return nil }
            return Self.cumulativeSchedule(progress, aim: aim, growth: pace.value, latestYear: latest.year)
        default:
            return Schedule.project(latest: latest, aim: aim, pace: pace, direction: d)
        }
    }

    /// The year the running sum reaches the total if the flow keeps growing at `growth` a year.
    static func cumulativeSchedule(_ p: CumulativeProgress, aim: Double, growth: Double, latestYear: Int) -> Schedule {
        if p.runningSum >= aim { return .met }
        var sum = p.runningSum, flow = p.latestFlow
        guard flow > 0, growth > -1 else { return .never }
        for k in 1...Schedule.horizon {
            flow *= 1 + growth
            sum += flow
            if sum >= aim { return .reached(year: latestYear + k) }
        }
        return .never
    }
}
