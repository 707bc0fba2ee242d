package schemas

import (
	"errors"
	"fmt"
)

// CheckDealEventValue checks e against the rules of deal_event.v1.json that
// its Go type leaves open: for an event json.Marshal encodes without error,
// it refuses exactly what validating those bytes with CheckDealEventJSON
// refuses (TestCheckDealEventValueAgreesWithSchema proves it field by
// field), at a small fraction of the cost. The extract worker calls it on
// every event it publishes.
//
// Why the two agree: DealEvent's JSON encoding always has the schema's
// required properties and no others, with the JSON types the schema wants
// (strings, integers, numbers, null for nil pointers); json.Marshal refuses
// NaN and infinite numbers and times outside RFC 3339, and every time it
// encodes is a valid date-time. What is left are the enums, the patterns,
// the minimums and the non-empty strings checked here.
//
// Errors wrap ErrInvalid and name every rule e breaks.
func CheckDealEventValue(e DealEvent) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !isHexID(e.EventID) {
		bad("event_id %q does not match ^[0-9a-f]{16}$", e.EventID)
	}
	if !isHexID(e.DealID) {
		bad("deal_id %q does not match ^[0-9a-f]{16}$", e.DealID)
	}
	if !oneOf(e.Type, TypePartnership, TypeCommitment, TypeExclusivity) {
		bad("type %q is not one of the schema's", e.Type)
	}
	if !oneOf(e.Action, ActionFormed, ActionExpanded, ActionRestructured, ActionReaffirmed, ActionEnded,
		ActionNew, ActionIncreased, ActionCapped, ActionGranted, ActionRemoved, ActionModified) {
		bad("action %q is not one of the schema's", e.Action)
	}
	if e.Kind != nil && !oneOf(*e.Kind, KindCloudServices, KindInvestment, KindCompute, KindRevenueShare) {
		bad("kind %q is not one of the schema's", *e.Kind)
	}
	if e.Modality != "" && !oneOf(e.Modality, ModalityStated, ModalityRumoured, ModalityDenied, ModalityBackground) {
		bad("modality %q is not one of the schema's", e.Modality)
	}
	if len(e.Parties) == 0 {
		bad("parties: none (minItems 1)")
	}
	for i, p := range e.Parties {
		if !isPartyID(p.ID) {
			bad("parties[%d].id %q does not match ^[a-z0-9]+$", i, p.ID)
		}
		if p.Name == "" {
			bad("parties[%d].name is empty", i)
		}
		if !oneOf(p.Role, RoleFrom, RoleTo, RoleHolder, RoleGrantor, RolePartner) {
			bad("parties[%d].role %q is not one of the schema's", i, p.Role)
		}
	}
	if a := e.Amount; a != nil {
		if a.Value != nil && !(*a.Value >= 0) {
			bad("amount.value %v is below 0", *a.Value)
		}
		if !isCurrency(a.Currency) {
			bad("amount.currency %q does not match ^[A-Z]{3}$", a.Currency)
		}
		if !oneOf(a.Qualifier, QualExact, QualUpTo, QualAtLeast, QualApproximately, QualVague) {
			bad("amount.qualifier %q is not one of the schema's", a.Qualifier)
		}
	}
	if c := e.Capacity; c != nil {
		if !(c.Value >= 0) {
			bad("capacity.value %v is below 0", c.Value)
		}
		if !oneOf(c.Unit, "GW", "MW", "chips") {
			bad("capacity.unit %q is not one of the schema's", c.Unit)
		}
	}
	if e.Evidence.Sentence == "" {
		bad("evidence.sentence is empty")
	}
	if e.Evidence.Start < 0 || e.Evidence.End < 0 {
		bad("evidence start %d / end %d below 0", e.Evidence.Start, e.Evidence.End)
	}
	if !(e.Confidence >= 0 && e.Confidence <= 1) {
		bad("confidence %v is outside [0, 1]", e.Confidence)
	}
	if e.ExtractorVersion == "" {
		bad("extractor_version is empty")
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrInvalid, errors.Join(errs...))
}

func oneOf(s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

func isPartyID(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
