# The same paragraphs as data in JSON: each with its place and its old and new text.
# expect exit: 1
diff Tests/ChisoCLITests/Cases/review/p1.chiso Tests/ChisoCLITests/Cases/review/p2.chiso --format json
