print("race")
