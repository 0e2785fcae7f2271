package tui

// stepInfo is what the plan screens show of one step.
type stepInfo struct {
	ID       string
	Title    string
	Summary  string
	Body     string
	Progress float64
}

// planSteps lists the five steps of the FTC's plan.
func planSteps() []stepInfo {
	return []stepInfo{
		{ID: "take-stock", Title: "Take stock", Summary: "Find out what personal data you hold, where it lives and who can reach it.",
			Body: "You cannot protect what you do not know you have. This step finds the files, systems and service providers that hold personal information about your customers and staff, and records why you keep each one."},
		{ID: "scale-down", Title: "Scale down", Summary: "Keep only what you need for your business.",
			Body: "Data you do not hold cannot leak. This step decides what you no longer need, stops collecting what you never needed, and keeps sensitive numbers only while there is a reason to."},
		{ID: "lock-it", Title: "Lock it", Summary: "Protect what you keep: devices, files, passwords and providers.",
			Body: "This step checks the locks: strong passwords and two-step sign-in, encrypted laptops and transfers, access only for those who need it, and service providers who protect your data as well as you do."},
		{ID: "pitch-it", Title: "Pitch it", Summary: "Dispose of what you no longer need, safely and on schedule.",
			Body: "Old records are a risk with no benefit. This step sets how long each kind of record is kept, and disposes of it safely when its time is up, with a log as evidence."},
		{ID: "plan-ahead", Title: "Plan ahead", Summary: "Be ready to respond when something goes wrong.",
			Body: "Even careful businesses have incidents. This step prepares a response plan: who does what, whom to notify and by when, and practice runs so the plan works when it is needed."},
	}
}
