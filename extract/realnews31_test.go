package extract

import (
	"context"
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsBackerOfListedInvestor: a list of a round's investors may
// open an item with who backs or owns it ("Temasek-backed Vertex Ventures
// China", "Chinese state-backed Shandong Hi-Speed Group's investment arm
// SDHS Capital", r11208; "Fidelity-backed Eight Roads", r11206; "Alibaba's
// Jack Ma-backed Yunfeng Capital", r11193). The backer invests nothing
// here, and the list goes on after the item: the backer was read as an
// investor and the list ended there.
func TestRealNewsBackerOfListedInvestor(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text      string
		want, not []string
	}{
		{"Halo Robotics raised $50 million from investors including Sequoia, Temasek-backed Vertex Ventures and Intel Capital.",
			[]string{"sequoiacapital", "intel"}, []string{"temasek"}},
		{"Halo Robotics raised $50 million from investors including Sequoia, Chinese state-backed Shandong Hi-Speed Group's investment arm SDHS Capital, Aspex, and Intel Capital.",
			[]string{"sequoiacapital", "sdhscapital", "aspex", "intel"}, []string{"shandonghispeedgroup"}},
		{"Halo Robotics raised $50 million from investors including Sequoia, Jack Ma-backed Yunfeng Capital, and Temasek.",
			[]string{"sequoiacapital", "yunfengcapital", "temasek"}, nil},
	} {
		ids := partyIDs(t, x, c.text)
		for _, w := range c.want {
			if !slices.Contains(ids, w) {
				t.Errorf("%q: parties %v, want %s", c.text, ids, w)
			}
		}
		for _, n := range c.not {
			if slices.Contains(ids, n) {
				t.Errorf("%q: parties %v, want no %s (it only backs an investor)", c.text, ids, n)
			}
		}
	}
}

// TestRealNewsReportedSubjectWithTime: a company the gazetteer does not
// know, named as the subject of a reported deal with the time between
// ("Nuclear developer Elementl Power said Wednesday it's signed an
// agreement with Google", r10292; "ModelBest announced on May 21 that it
// has secured ...", r11200), is an organisation, also where it opens the
// sentence (once it is named inside another); and a two-word name before
// "said" is a person's only when its second word is no word the article
// also writes in lower case ("Jensen Huang said", not "Zeta Power said"
// in an article about power).
func TestRealNewsReportedSubjectWithTime(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, want string }{
		{"Zeta Data announced on May 21 that it has secured $50 million in a round led by Sequoia. Later, Zeta Data hired.", "zetadata"},
		{"Grid developer Zeta Power said Wednesday it's signed a partnership with Google. The deal helps Zeta Power sell power.", "zetapower"},
		{"Voltra announced on May 21 that it has secured $50 million in new capital, co-led by Sequoia and Accel. The funding will help Voltra hire engineers.", "voltra"},
	} {
		if ids := partyIDs(t, x, c.text); !slices.Contains(ids, c.want) {
			t.Errorf("%q: parties %v, want %s", c.text, ids, c.want)
		}
	}
	for _, text := range []string{
		"Jensen Huang said Nvidia will invest in Zeta Power. Jensen Huang is happy.",
	} {
		if ids := partyIDs(t, x, text); slices.Contains(ids, "jensenhuang") {
			t.Errorf("%q: parties %v, want no person", text, ids)
		}
	}
}

// TestRealNewsNamesLabelsGive: organisations that labels name as parties in
// two development articles or more, with the ids they write: Shell's
// venture arm is Shell (r11068, r11069), "Echelon Data Centres" is
// "echelon" (r11410, r11411), "Haomo.AI" is "haomo" (r11193, r11209).
func TestRealNewsNamesLabelsGive(t *testing.T) {
	x := newTestExtractor(t)
	for text, want := range map[string]string{
		"Halo Robotics raised $50 million in a round led by Shell Ventures.":                    "shell",
		"Iberdrola and Echelon Data Centres formed a joint venture to build data centres.":      "echelon",
		"Haomo.AI raised $150 million from Meituan.":                                            "haomo",
		"Meta signed a partnership with Sage Geosystems for 150 megawatts of geothermal power.": "sagegeosystems",
		"Halo Robotics raised $30 million in a round led by Inovia.":                            "inoviacapital",
		"Halo Robotics raised $20 million in a round led by Primary Venture Partners.":          "primaryventurepartners",
	} {
		if ids := partyIDs(t, x, text); !slices.Contains(ids, want) {
			t.Errorf("%q: parties %v, want %s", text, ids, want)
		}
	}
	for in, want := range map[string]string{"echelondatacentres": "echelon", "xnor": "xnorai", "nuancecommunications": "nuance"} {
		if got := x.Gazetteer().CanonicalID(in); got != want {
			t.Errorf("CanonicalID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealNewsTakeoverTargetBeforeDash: a dash after the company a takeover
// verb buys opens an apposition as a comma does ("is buying Element AI —
// which has ... —", r11062): the commitment read between the two is the
// buyer's investment, not a purchase of services.
func TestRealNewsTakeoverTargetBeforeDash(t *testing.T) {
	x := newTestExtractor(t)
	text := "Halo Software announced on Monday that it is buying Element AI — which has a strong research team — for an undisclosed sum."
	for _, e := range extractAll(t, x, text) {
		if e.Type == schemas.TypeCommitment && (e.Kind == nil || *e.Kind != schemas.KindInvestment) {
			t.Errorf("%q: %v commitment, want the takeover as an investment or nothing", text, e.Kind)
		}
	}
}

// TestRealNewsAzureOpenAIIsMicrosofts: "Azure OpenAI Service" is a product
// Microsoft sells (r11239, r9964): it names Microsoft alone, so OpenAI is no
// party of a deal to use it.
func TestRealNewsAzureOpenAIIsMicrosofts(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"The companies will use Microsoft Azure OpenAI to deliver personalised experiences.",
		"Halo Foods is exploring assistants built on Azure OpenAI Service.",
	} {
		_, _, infos, err := x.analyse(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, si := range infos {
			for _, m := range si.ments {
				ids = append(ids, m.org.ID)
			}
		}
		if slices.Contains(ids, "openai") || !slices.Contains(ids, "microsoft") {
			t.Errorf("%q: organisations %v, want microsoft and no openai", text, ids)
		}
	}
}
