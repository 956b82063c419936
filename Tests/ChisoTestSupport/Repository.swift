// The repository the tests run in: its root folder and the notebooks kept in it.

import Foundation

public enum Repository {
    /// The package root, found from this file's place (`Tests/ChisoTestSupport/`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Paths relative to the root of every `.chiso` file in `folder` and its subfolders, sorted.
    public static func notebooks(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        guard let names = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] else { return [] }
        return names.filter { $0.hasSuffix(".chiso") }.sorted().map { "\(folder)/\($0)" }
    }
}
