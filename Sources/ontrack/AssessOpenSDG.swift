import ArgumentParser
import Foundation
import OnTrackIO
import OnTrackNumerics
import OnTrackOpenSDG

/// Options of `assess` for an Open SDG data repository.
struct OpenSDGOptions: ParsableArguments {
    @Option(name: .customLong("opensdg-components"),
            help: ArgumentHelp("With an Open SDG repository: also write sdg-build's indicator_calculation_components.yml (YAML) to this file, atomically.", valueName: "file"), completion: .file())
    var components: String?

    @Option(name: .customLong("opensdg-language"),
            help: ArgumentHelp("With an Open SDG repository: the language of translations/ used for names and translation keys.", valueName: "code"))
    var language: String = "en"
}

/// `ontrack assess DIR` on an Open SDG data repository: every configured series, Open SDG's status
/// and score beside OnTrack's verdict, one row per indicator and per series.
struct OpenSDGRun {
    var folder: String
    var options: OpenSDGOptions
    var rules: AssessmentOptions
    var out: OutputOptions
    var id: String?
    /// `--columns`, checked against the Open SDG table's columns.
    var columns: String?
    var failOn: Status?

    func run() throws {
        let repository: OpenSDGRepository
        do { repository = try OpenSDGRepository.read(folder, language: options.language) } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        var only: Set<String>?
        if let id {
            let key = id.replacingOccurrences(of: ".", with: "-")
            guard repository.indicators.contains(where: { $0.id == key }) else {
                throw ValidationError("no indicator '\(id)' in \(folder)")
            }
            only = [key]
        }
        let results: [OpenSDGIndicatorResult]
        do { results = try OpenSDGAssessor(options: rules).assess(repository, only: only) } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        if let path = options.components {
            do { try AtomicFile.write(try OpenSDGComponents(results).yaml(), to: path) } catch {
                printError("error: cannot write \(path): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
        try out.emitReport(OpenSDGReport.table(results), columns: columns, compact: OpenSDGReport.tableColumns, sheet: "progress")
        if let failOn {
            let behind = results.flatMap(\.series).filter { $0.status.isAtOrBelow(failOn) }
            if !behind.isEmpty {
                printError("alert: \(behind.count) series at or below \(failOn.rawValue): \(behind.prefix(10).map { "\($0.indicatorID) \($0.name.isEmpty ? "(headline)" : $0.name)" }.joined(separator: ", "))\(behind.count > 10 ? ", …" : "")")
                throw ExitCode(ExitStatus.alert.rawValue)
            }
        }
    }
}
