# The diff in Markdown.
# expect exit: 1
diff Tests/ChisoCLITests/Cases/review/unamended.chiso Tests/ChisoCLITests/Cases/review/amend.chiso --format md
