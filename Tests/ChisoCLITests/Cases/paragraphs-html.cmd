# A paragraph in the html format.
run Tests/ChisoCoreTests/Fixtures/paragraphs.chiso --format html
