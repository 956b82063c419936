# A paragraph under --locale en: tables in English, the paragraph in the notebook's own locale (vi), the language its sentences are written in.
run Tests/ChisoCoreTests/Fixtures/paragraphs.chiso --locale en
