// The standard library, written in Chiso: every `.chiso` file in this folder, embedded
// in the binary at build time (see Package.swift), so `chiso` runs from any folder.

public enum Stdlib {
    /// Each file's name and text, in a fixed order.
    public static let files: [(name: String, text: String)] = [
        ("change.chiso", String(decoding: PackageResources.change_chiso, as: UTF8.self)),
        ("ratio.chiso", String(decoding: PackageResources.ratio_chiso, as: UTF8.self)),
    ]
}
