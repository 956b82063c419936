# The tour as Markdown: headings, and pipe tables with numbers aligned right.
run notebooks/tour.chiso --format md
