# A paragraph in the csv format.
run Tests/ChisoCoreTests/Fixtures/paragraphs.chiso --format csv
