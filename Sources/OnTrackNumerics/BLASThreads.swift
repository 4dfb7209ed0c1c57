import COpenBLAS

/// OpenBLAS's own thread pool. The batch engine runs one fit per core itself, so it asks OpenBLAS
/// for one thread per call rather than letting two pools compete for two cores.
public enum BLASThreads {
    public static var count: Int { Int(openblas_get_num_threads()) }

    public static func set(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }
}
