# --formulas also lists the definitions whose formula changed.
# expect exit: 1
diff Tests/ChisoCLITests/Cases/review/unamended.chiso Tests/ChisoCLITests/Cases/review/amend.chiso --formulas
