/// How the expected path between a baseline and a target is drawn.
public enum PathMethod: String, Sendable, Hashable, CaseIterable {
    /// Geometric: `B·(T/B)^((t−t0)/(tT−t0))`; constant percentage growth. For levels.
    case compound
    /// Straight line: `B + (T−B)·(t−t0)/(tT−t0)`; constant change in points. For shares, rates, ratios.
    case linear
}
