# The tour as JSON: values, the texts they are shown as, formats, errors as objects.
run notebooks/tour.chiso --format json
