# Layout, labels, comments and display formats changed, no value: no difference, exit 0.
diff Tests/ChisoCLITests/Cases/review/base.chiso Tests/ChisoCLITests/Cases/review/reformatted.chiso --formulas
