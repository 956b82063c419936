# Two amendments by `with`: the values they change and the totals they move.
# expect exit: 1
diff Tests/ChisoCLITests/Cases/review/unamended.chiso Tests/ChisoCLITests/Cases/review/amend.chiso
