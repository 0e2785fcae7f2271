package checklist

// StepProgress is the share (0..1) of a step's tasks that are done or set aside as not
// needed.
func StepProgress(s Step, states map[string]TaskState) float64 {
	if len(s.Tasks) == 0 {
		return 0
	}
	closed := 0
	for _, t := range s.Tasks {
		if st := states[t.ID].Status; st == Done || st == NotNeeded {
			closed++
		}
	}
	return float64(closed) / float64(len(s.Tasks))
}

// NextTask is the single most useful open task. The rule: the plan's steps build on each
// other, so the earliest step with an open task wins; within it, the open task with the
// highest priority, and among equals the one listed first (the content lists tasks in the
// order to do them).
func NextTask(p *Plan, states map[string]TaskState) (Task, bool) {
	for _, s := range p.Steps {
		best, found := Task{}, false
		for _, t := range s.Tasks {
			if st := states[t.ID].Status; st == Done || st == NotNeeded {
				continue
			}
			if !found || priority(t) > priority(best) {
				best, found = t, true
			}
		}
		if found {
			return best, true
		}
	}
	return Task{}, false
}

func priority(t Task) int {
	if t.Priority == 0 {
		return 2
	}
	return t.Priority
}
