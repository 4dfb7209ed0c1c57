import OnTrackNumerics

/// Turns assessments into alerts: which targets, how severe, in what order, and what to say.
public struct AlertRaiser: Sendable {
    /// Statuses at or below this one on the progress scale are off track.
    public var threshold: Status
    /// Missed targets raise an alert only when their target year is this year or later: a target
    /// missed long ago is history, not news. nil: every missed target.
    public var missedSince: Int?

    public init(threshold: Status = .needsAcceleration, missedSince: Int? = nil) {
        precondition(threshold.severityRank != nil, "the threshold must be on the progress scale")
        self.threshold = threshold
        self.missedSince = missedSince
    }

    /// The raiser for an assessment made with `options`: missed targets count from the year before
    /// the evaluation year (decided in the last year of data).
    public init(threshold: Status = .needsAcceleration, options: AssessmentOptions) {
        self.init(threshold: threshold, missedSince: options.effectiveEvaluationYear.map { $0 - 1 })
    }

    /// The alerts of `current`, most severe first; `previous` is the same dataset assessed at an
    /// earlier vintage (matched by target id).
    public func raise(_ current: [TargetAssessment], previous: [TargetAssessment]? = nil) -> [Alert] {
        let before = Dictionary((previous ?? []).map { ($0.target.id, $0.assessment.status) }, uniquingKeysWith: { a, _ in a })
        var alerts: [Alert] = []
        for c in current {
            let status = c.assessment.status
            if status == .missed, let since = missedSince, c.target.targetYear < since { continue }
            let offTrack = status.isAtOrBelow(threshold)
            let old = before[c.target.id]
            let worse = old.flatMap(\.severityRank).map { was in status.severityRank.map { $0 < was } ?? false } ?? false
            guard offTrack || worse else { continue }
            let kind: Alert.Kind = worse ? (offTrack ? .worsenedOffTrack : .worsened) : .offTrack
            let severity: Alert.Severity
            switch status {
            case .missed, .movingAway: severity = .critical
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

    /// Severity (from the status), then worsened before not, then the outlook (unlikely, uncertain,
    /// none, likely), then the lower progress ratio, then the later arrival (never first), then the
    /// target id.
    static func moreUrgent(_ a: Alert, _ b: Alert) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        let aw = a.kind != .offTrack, bw = b.kind != .offTrack
        if aw != bw { return aw }
        let ao = outlookRank(a.current.assessment.outlook), bo = outlookRank(b.current.assessment.outlook)
        if ao != bo { return ao < bo }
        let ar = a.current.assessment.ratio ?? .infinity, br = b.current.assessment.ratio ?? .infinity
        if ar != br { return ar < br }
        let ay = a.schedule == .never ? Int.max : (a.yearsBehind ?? Int.min)
        let by = b.schedule == .never ? Int.max : (b.yearsBehind ?? Int.min)
        if ay != by { return ay > by }
        return a.current.target.id < b.current.target.id
    }

    /// Most worrying first: unlikely, uncertain, no outlook, likely.
    static func outlookRank(_ o: Outlook?) -> Int {
        switch o {
        case .unlikely?: return 0
        case .uncertain?: return 1
        case nil: return 2
        case .likely?: return 3
        }
    }

    /// When the target is reached: the projection's reach year (the fitted trend, or the actual rate
    /// with fewer than three points), as every other command shows it.
    static func schedule(_ c: TargetAssessment) -> Schedule? {
        c.assessment.projection?.reach
    }
}
