# A paragraph under --locale en: numbers and period labels in English, change_word's words still the notebook's (vi).
run Tests/ChisoCoreTests/Fixtures/paragraphs.chiso --locale en
