# --locale en overrides the notebook's locale vi: 1,290,000 and 97.1%.
run notebooks/tour.chiso --locale en
