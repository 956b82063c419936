# Paragraphs are compared by their text, figures written in: changed, added (and removed) paragraphs.
# expect exit: 1
diff Tests/ChisoCLITests/Cases/review/p1.chiso Tests/ChisoCLITests/Cases/review/p2.chiso
