# Problems in paragraphs in Markdown: the broken values print as errors; exit 65.
# expect exit: 65
run Tests/ChisoCoreTests/Fixtures/paragraphs-errors.chiso --format md
