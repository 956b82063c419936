# A paragraph in the md format.
run Tests/ChisoCoreTests/Fixtures/paragraphs.chiso --format md
