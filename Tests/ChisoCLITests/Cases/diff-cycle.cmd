# An import cycle in one version: its error, and nothing compared (65).
# expect exit: 65
diff Tests/ChisoCLITests/Cases/review/v1.chiso Tests/ChisoCLITests/Cases/review/c1.chiso
