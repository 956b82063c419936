// MARK: - Resolver: imports
//
// Each imported notebook is a module of its own, declared before its importer under
// the importer's alias; one file imported with the same `with { … }` is one instance.
// An importer's `with { … }` replaces definitions of the instance it makes, the new
// formulas read in the importer's names. Imports may not multiply a notebook past
// `ImportLimits`.

extension Resolver {
    /// How far imports may multiply a notebook.
    struct ImportLimits {
        /// Imported notebook instances (modules besides the one being run).
        var instances = 1_000
        /// Values in imported instances (a cell or a function counts one, a row or a
        /// check in a table one per period and its total): past this, no instance is made.
        var values = 1_000_000
    }

    /// An imported notebook instance: the file, its `with { … }` as written, and, when
    /// there is one, the importer its formulas are read in.
    struct Instance: Hashable {
        var notebook: ObjectIdentifier
        var replacements: String
        var importer: Int?
    }

    /// Declares a notebook as module `m`: first the notebooks it imports, each as a module
    /// of its own under its alias (with its `with { … }` replacements), then its own names.
    mutating func declareModule(_ loaded: LoadedNotebook, module m: Int) {
        let saved = current
        current = m
        program.modules[m].file = loaded.file
        for (use, child, replacements) in loaded.imports.map({ ($0.use, $0.notebook, $0.replacements) }) {
            let alias = use.alias ?? Name(text: Imports.defaultAlias(use.path) ?? "", span: use.pathSpan)
            guard !alias.text.isEmpty, claimTopLevel(alias, what: "import") else { continue }
            guard let child else {
                brokenNames.insert(prefix + alias.text)
                continue
            }
            // One file imported with the same replacements is one instance, however many
            // aliases and importers name it; replacements read the importer's names, so
            // with any, the instance is shared only within one importer.
            let key = Instance(notebook: ObjectIdentifier(child), replacements: replacements, importer: replacements.isEmpty ? nil : m)
            if let shared = instances[key] {
                program.modules[m].imports[alias.text] = shared
                continue
            }
            // Imports are declared before the importer's own definitions: every value so far is imported.
            let tooMany: (message: String, help: String)? =
                program.modules.count > limits.instances
                ? (
                    "too many imported notebooks: more than \(Self.grouped(limits.instances)) instances",
                    "imports of one file with the same `with { … }` share one instance; each different `with` makes another"
                )
                : declaredValues > limits.values
                    ? (
                        "imports too large: the imported notebooks hold more than \(Self.grouped(limits.values)) values",
                        "a cell or a function counts 1, a row 1 per period; imports of one file with the same `with { … }` share one instance"
                    )
                    : nil
            if let tooMany {
                if refusedImports.insert(use.pathSpan).inserted {
                    report(.error(.name, tooMany.message, at: use.pathSpan, help: tooMany.help))
                }
                brokenNames.insert(prefix + alias.text)
                continue
            }
            let index = program.modules.count
            program.modules.append(Module(prefix: prefix + alias.text + "."))
            program.modules[m].imports[alias.text] = index
            instances[key] = index
            declareModule(child, module: index)
            current = m
            applyReplacements(use, to: index)
        }
        declare(loaded.tree, dataRows: loaded.tableRows)
        current = saved
    }

    /// `1000000` as `1,000,000`, for messages.
    private static func grouped(_ n: Int) -> String {
        var digits = String(n), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    /// `use … with { name = value, table.row = …, table.row@P = … }`: the imported
    /// notebook's definitions replaced, the new formulas read in the importer's names.
    private mutating func applyReplacements(_ use: UseDecl, to child: Int) {
        let module = program.modules[child]
        let file = module.file.split(separator: "/").last.map(String.init) ?? module.file
        for o in use.overrides {
            let target = o.target.map(\.text)
            switch (target.count, o.period) {
            case (1, nil):
                guard let id = module.scalarByName[target[0]], case .scalar(var decl) = pending[id] else {
                    report(
                        .error(
                            .name, "\(file) has no cell '\(target[0])'", at: o.target[0].span,
                            help: suggestion(for: target[0], at: o.target[0].span, in: module.scalarByName.keys)))
                    continue
                }
                guard o.values.count == 1 else {
                    report(.error(.syntax, "a cell takes one value, not a list", at: o.span))
                    continue
                }
                decl.body = o.values[0]
                pending[id] = .scalar(decl)
                importerScope[id] = current
                program.nodes[id].replacedByImporter = true
            case (2, _):
                guard let t = module.tableByName[target[0]] else {
                    report(
                        .error(
                            .name, "\(file) has no table '\(target[0])'", at: o.target[0].span,
                            help: suggestion(for: target[0], at: o.target[0].span, in: module.tableByName.keys)))
                    continue
                }
                guard let id = program.tables[t].rowByName[target[1]], case .row(var decl) = pending[id] else {
                    report(
                        .error(
                            .name, "\(file) has no row '\(target.joined(separator: "."))'", at: o.target[1].span,
                            help: suggestion(for: target[1], at: o.target[1].span, in: program.tables[t].rowByName.keys)))
                    continue
                }
                if let period = o.period {
                    guard o.values.count == 1 else {
                        report(.error(.syntax, "a cell takes one value, not a list", at: o.span))
                        continue
                    }
                    guard let i = program.tables[t].range.index(of: period) else {
                        report(
                            .error(
                                .name, "\(period) is outside the periods of table '\(target[0])' (\(program.tables[t].range.description))",
                                at: o.span))
                        continue
                    }
                    overrideSyntax[id, default: [:]][i] = o.values[0]
                    program.nodes[id].overrides[i] = .constant(.blank)
                    importerOverride[id, default: [:]][i] = current
                    program.importerCells[id, default: []].insert(i)
                } else {
                    decl.body = o.values.count > 1 ? .data(o.values) : .formula(o.values[0])
                    pending[id] = .row(decl)
                    program.nodes[id].replacedByImporter = true
                    if o.values.count == 1, Self.literalValue(o.values[0]) == nil { importerScope[id] = current }
                }
            default:
                report(
                    .error(
                        .name, "'\(target.joined(separator: "."))' is not a cell, a row or a cell of a row", at: o.span,
                        help: "write name = value, table.row = value or table.row@2019Q1 = value"))
            }
        }
    }
}
