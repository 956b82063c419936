# A paragraph in the json format.
run Tests/ChisoCoreTests/Fixtures/paragraphs.chiso --format json
