import OnTrackNumerics

/// A gap alert: a target that is off track, or whose status got worse since an earlier vintage,
/// with the figures behind it and one sentence in Chinese and in English.
///
/// The fields are a contract other programs parse; the README's "Alert format" section lists them.
public struct Alert: Sendable {
    /// How urgent an alert is, most urgent first.
    public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Moving away from the target.
        case critical
        /// Limited progress.
        case high
        /// Needs acceleration.
        case medium
        /// Still on track or better, but worse than in the earlier vintage.
        case low

        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// Why the alert was raised.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// At or below the alert threshold.
        case offTrack = "off_track"
        /// Worse than in the earlier vintage, and off track.
        case worsenedOffTrack = "worsened_off_track"
        /// Worse than in the earlier vintage, not (yet) off track.
        case worsened
    }

    /// `OT-` and 12 hex digits of a hash of the target id (FNV-1a, then the splitmix64 finaliser): the same target always gets the same id,
    /// so a scheduler can tell a new alert from one it has already sent.
    public var id: String
    public var severity: Severity
    public var kind: Kind
    public var current: TargetAssessment
    /// The status in the earlier vintage (`--compare-to`), when one was given.
    public var previousStatus: Status?
    /// When the target is reached at the current pace; nil when that cannot be told (no actual
    /// rate, or an average-growth target).
    public var schedule: Schedule?
    public var messageZh: String
    public var messageEn: String

    /// The rate now required (from the latest actual; from the baseline when the latest actual is
    /// in the target year or later).
    public var requiredNow: AnnualChange? {
        current.assessment.requiredFromLatest ?? current.assessment.requiredFromBaseline
    }

    /// Years late at the current pace; nil when never reached or not known.
    public var yearsBehind: Int? {
        guard let latest = current.assessment.latest?.year else { return nil }
        return schedule?.yearsBehind(targetYear: current.target.targetYear, latestYear: latest)
    }

    /// The year the target is reached at the current pace.
    public var reachYear: Int? {
        guard let latest = current.assessment.latest?.year else { return nil }
        return schedule?.year(latestYear: latest)
    }

    /// The stable id of a target's alerts.
    public static func id(of targetID: String) -> String {
        "OT-" + PlainText.stableHex(targetID, digits: 12)
    }
}
