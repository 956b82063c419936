# check is silent when every check holds and there is no error.
check notebooks/tour.chiso
