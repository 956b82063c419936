# A changed locale, a cell that became a table, a table's periods, a check that now fails.
# expect exit: 1
diff Tests/ChisoCLITests/Cases/review/v1.chiso Tests/ChisoCLITests/Cases/review/v2.chiso
