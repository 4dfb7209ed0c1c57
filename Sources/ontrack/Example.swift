import ArgumentParser
import Foundation

/// Datasets found by name: `ontrack assess chongqing` where no folder `chongqing` exists in the
/// current directory reads the dataset installed with the program.
enum DatasetLookup {
    /// Where datasets are looked up by name, in order: the folders of `$ONTRACK_DATASETS`
    /// (colon-separated), then `<prefix>/share/ontrack/datasets`, where `<prefix>/bin` holds this
    /// executable (`/usr` for the Debian package, the install prefix for the tarball).
    static var searchFolders: [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["ONTRACK_DATASETS"] {
            folders += env.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let prefix = URL(fileURLWithPath: exe).deletingLastPathComponent().deletingLastPathComponent()
            folders.append(prefix.appendingPathComponent("share/ontrack/datasets").path)
        }
        return folders
    }

    /// `path` itself when it exists or names a path (has a '/'); else the first installed dataset
    /// of that name; nil when there is none.
    static func resolve(_ path: String) -> String? {
        if path.contains("/") || FileManager.default.fileExists(atPath: path) { return path }
        for folder in searchFolders {
            let candidate = folder + "/" + path
            if FileManager.default.isDirectory(candidate) { return candidate }
        }
        return nil
    }

    /// The installed datasets' names, from every search folder.
    static var installed: [String] {
        var names: [String] = []
        for folder in searchFolders {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            names += entries.filter { FileManager.default.isDirectory(folder + "/" + $0) && !names.contains($0) }
        }
        return names.sorted()
    }

    /// The one-line error for a name found neither here nor among the installed datasets: says
    /// where it looked.
    static func notFound(_ name: String) -> String {
        let here = FileManager.default.currentDirectoryPath
        let folders = searchFolders
        let looked = folders.isEmpty ? "" : ", nor a dataset of that name in \(folders.joined(separator: " or "))"
        let known = installed.isEmpty ? "" : " (installed: \(installed.joined(separator: ", ")))"
        return "\(name): error: no such folder in \(here)\(looked)\(known); give the path of a dataset folder (indicators.csv, targets.csv, observations.csv)"
    }

    /// `resolve(path)`, or exit 2 with `notFound(path)`.
    static func folder(_ path: String) throws -> String {
        guard let found = resolve(path) else {
            printError(notFound(path))
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        return found
    }
}

/// `ontrack example [DIR]`: a copy of the bundled example dataset to follow the README with.
struct Example: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the bundled example dataset (Chongqing's 14th Five-Year Plan) into a folder.",
        discussion: reflow("""
        The dataset installed with the program (/usr/share/ontrack/datasets/chongqing for the Debian
        package) can also be named without copying it: ontrack assess chongqing reads it when the
        current directory has no folder of that name. Copy it to edit it or to follow the README.

        Examples:
          ontrack example              # ./chongqing
          ontrack example ~/plans/cq
        """)
    )

    @Argument(help: ArgumentHelp("The new folder (must not exist). Default: ./NAME.", valueName: "dir"),
              completion: .directory)
    var dir: String?

    @Option(help: ArgumentHelp("The installed dataset to copy.", valueName: "name"))
    var name: String = "chongqing"

    func run() throws {
        var source: String?
        for folder in DatasetLookup.searchFolders where FileManager.default.isDirectory(folder + "/" + name) {
            source = folder + "/" + name
            break
        }
        guard let source else {
            let folders = DatasetLookup.searchFolders
            printError("error: no installed dataset named \(name) in \(folders.isEmpty ? "(no dataset folder)" : folders.joined(separator: " or ")); set ONTRACK_DATASETS to the folder that holds it")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        let target = dir ?? name
        if FileManager.default.fileExists(atPath: target) {
            printError("\(target): error: already exists; give a new folder")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            printError("\(target): error: cannot copy \(source): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        printError("copied \(source) to \(target); try: ontrack assess \(target.contains("/") ? target : "./" + target)")
    }
}
