/// The version `ontrack --version` prints, and where this binary came from. A build from a checkout
/// says "source build"; Scripts/package.sh builds a clean copy of the commit and replaces `build` in
/// that copy (never in the checkout) with the commit and the date it was built.
enum BuildInfo {
    static let version = "0.1.0"
    static let build = "source build"

    static var versionLine: String { "\(version) (\(build))" }
}
