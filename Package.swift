// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "OnTrack",
    products: [
        .executable(name: "ontrack", targets: ["ontrack"]),
        .library(name: "OnTrackNumerics", targets: ["OnTrackNumerics"]),
        .library(name: "OnTrackCore", targets: ["OnTrackCore"]),
        .library(name: "OnTrackIO", targets: ["OnTrackIO"]),
        .library(name: "OnTrackCharts", targets: ["OnTrackCharts"]),
        .library(name: "OnTrackPanel", targets: ["OnTrackPanel"]),
        .library(name: "OnTrackOpenSDG", targets: ["OnTrackOpenSDG"]),
        .library(name: "OnTrackExcel", targets: ["OnTrackExcel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.17.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C glue: OpenBLAS (CBLAS) and LAPACKE headers, found through pkg-config.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // C glue: libxlsxwriter (writing .xlsx workbooks), found through pkg-config.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Pure numerics: growth rates, paths, solvers, bounds, status rules, trend fits. No I/O.
        .target(name: "OnTrackNumerics", dependencies: ["COpenBLAS"], exclude: ["README.md"]),
        // Batch assessment of panels: columnar series, grouped trend fits, parallel chunks. No I/O.
        .target(name: "OnTrackPanel", dependencies: ["OnTrackNumerics"], exclude: ["README.md"]),
        // Domain model of a plan dataset and its assessment (a dataset is a panel with metadata). No I/O.
        .target(name: "OnTrackCore", dependencies: ["OnTrackNumerics", "OnTrackPanel"], exclude: ["README.md"]),
        // CSV codec, dataset folders, output encoders, atomic writes.
        .target(name: "OnTrackIO", dependencies: ["OnTrackCore", "OnTrackPanel"], exclude: ["README.md"]),
        // SVG charts, the dashboard and the HTML briefing, as strings. No I/O.
        .target(name: "OnTrackCharts", dependencies: ["OnTrackCore"], exclude: ["README.md"]),
        // Excel workbooks: .xlsx out through libxlsxwriter (status cells in the charts' colours), .xlsx in
        // through ZIPFoundation and Foundation's XMLParser, as CSV bytes for the readers of OnTrackIO.
        .target(
            name: "OnTrackExcel",
            dependencies: [
                "OnTrackIO", "OnTrackCore", "OnTrackCharts", "CXLSXWriter",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["README.md"]
        ),
        // Open SDG data repositories: configuration (YAML through Yams), data and translations in; the
        // progress measure, its roll-ups and sdg-build's components file out.
        .target(
            name: "OnTrackOpenSDG",
            dependencies: ["OnTrackNumerics", "OnTrackCore", "OnTrackIO", "OnTrackPanel", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "ontrack",
            dependencies: [
                "OnTrackIO", "OnTrackCore", "OnTrackCharts", "OnTrackPanel", "OnTrackOpenSDG", "OnTrackExcel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Micro-benchmarks of the fit kernels (loop vs BLAS), printed as medians.
        .executableTarget(name: "ontrack-bench", dependencies: ["OnTrackNumerics"]),
        .testTarget(
            name: "OnTrackNumericsTests",
            dependencies: [
                "OnTrackNumerics",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "OnTrackCoreTests", dependencies: ["OnTrackCore", "OnTrackIO"]),
        .testTarget(name: "OnTrackIOTests", dependencies: ["OnTrackIO"]),
        .testTarget(name: "OnTrackPanelTests", dependencies: ["OnTrackPanel", "OnTrackIO"]),
        .testTarget(
            name: "OnTrackChartsTests",
            dependencies: [
                "OnTrackCharts", "OnTrackIO",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "OnTrackOpenSDGTests",
            dependencies: ["OnTrackOpenSDG", "OnTrackNumerics", "OnTrackIO", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "OnTrackExcelTests",
            dependencies: ["OnTrackExcel", "OnTrackIO", "OnTrackCore", "OnTrackNumerics", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "ontrackTests",
            dependencies: ["ontrack", "OnTrackExcel", "OnTrackIO", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
