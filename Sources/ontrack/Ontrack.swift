import ArgumentParser
import Foundation

/// The `ontrack` command: a thin layer of argument parsing and formatting over OnTrackCore and
/// OnTrackIO.
@main
struct Ontrack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ontrack",
        abstract: "Where each target of a development plan stands against the path to it.",
        discussion: reflow("""
        A dataset is a folder with indicators.csv, targets.csv and observations.csv (see
        Datasets/FORMAT.md). The bundled example is Datasets/chongqing (Chongqing's 14th Five-Year Plan); installed, it is found by
        name (ontrack assess chongqing) and ontrack example copies it out.

        Exit codes: 0 success; 1 an alert was raised (--fail-on); 2 bad input or usage.
        """),
        version: BuildInfo.versionLine,
        subcommands: [Assess.self, Path.self, Validate.self, Summary.self, Scorecard.self, Gaps.self, Alerts.self, Backtest.self, Chart.self, Dashboard.self, Report.self, Example.self],
        defaultSubcommand: nil
    )

    /// Runs a command and maps every failure to the documented exit codes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            writeToStandardError(fullMessage(for: error) + "\n")
            Foundation.exit(ExitStatus.badInput.rawValue)
        }
    }
}

/// The documented exit codes.
enum ExitStatus: Int32 {
    case ok = 0
    case alert = 1
    case badInput = 2
}
