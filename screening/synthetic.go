package screening

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// synthSource describes one list for the synthetic generator.
type synthSource struct {
	source, url string
	share       int // in thousandths
	persons     int // percentage of individuals
	programs    []string
	licReq      string
	licPolicy   string
}

var synthSources = []synthSource{
	{"Entity List (EL) - Bureau of Industry and Security", "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list", 300, 3, nil,
		"For all items subject to the EAR. (See §744.11 of the EAR)", "Presumption of denial."},
	{"Specially Designated Nationals (SDN) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/SdnList", 360, 40,
		[]string{"RUSSIA-EO14024", "IRAN", "NPWMD", "SDGT", "DPRK3", "CYBER2", "IFSR"}, "", ""},
	{"Sectoral Sanctions Identifications List (SSI) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList", 80, 0,
		[]string{"UKRAINE-EO13662"}, "", ""},
	{"Denied Persons List (DPL) - Bureau of Industry and Security", "https://www.bis.doc.gov/index.php/the-denied-persons-list", 50, 60, nil, "", ""},
	{"ITAR Debarred (DTC) - State Department", "https://www.pmddtc.state.gov/ddtc_public", 50, 70, nil, "", ""},
	{"Unverified List (UVL) - Bureau of Industry and Security", "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/unverified-list", 30, 0, nil, "", ""},
	{"Military End User (MEU) List - Bureau of Industry and Security", "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern", 30, 0, nil,
		"For any item subject to the EAR listed in supplement no. 2 to part 744.", "Presumption of denial."},
	{"Nonproliferation Sanctions (ISN) - State Department", "https://www.state.gov/key-topics-bureau-of-international-security-and-nonproliferation/nonproliferation-sanctions/", 30, 10,
		[]string{"INKSNA", "EO13382", "CBW"}, "", ""},
	{"Foreign Sanctions Evaders (FSE) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList", 20, 50, []string{"FSE-IR", "FSE-SY"}, "", ""},
	{"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList", 20, 0, []string{"CMIC-EO13959"}, "", ""},
	{"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList", 15, 0, []string{"RUSSIA-EO14024"}, "", ""},
	{"Correspondent Account or Payable-Through Account Sanctions (CAPTA) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList", 10, 0, []string{"RUSSIA-EO14024"}, "", ""},
	{"Palestinian Legislative Council List (PLC) - Treasury Department", "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList", 5, 100, []string{"NS-PLC"}, "", ""},
}

// A region gives synthetic names their flavour: syllables for company cores,
// places, and personal names.
type synthRegion struct {
	country, cc string
	syllables   []string
	places      []string
	given       []string
	family      []string
}

var synthRegions = []synthRegion{
	{"China", "CN",
		strings.Fields("hua xin zhong tian long feng da kang sheng jia hai rui bo tong yuan hong jin guo heng chang xing wei mei ling yi an kai ze jun xiang"),
		strings.Fields("Shenzhen Beijing Shanghai Wuhan Xian Harbin Tianjin Chengdu Chongqing Nanjing Hangzhou Changsha Hefei Shijiazhuang Guangzhou Dalian Qingdao Xiamen"),
		strings.Fields("Wei Jun Li Ming Hua Qiang Lei Jie Yan Ping Tao Chao Bin Hui"),
		strings.Fields("WANG LI ZHANG LIU CHEN YANG ZHAO HUANG ZHOU WU XU SUN MA ZHU HU GUO HE LIN LUO")},
	{"Russia", "RU",
		strings.Fields("ros tek prom neft gaz mash energo avia radio elektro stroy trans snab invest sib ural volga kom tekh pribor opt servis sistem"),
		strings.Fields("Moscow Saint-Petersburg Novosibirsk Yekaterinburg Kazan Samara Omsk Perm Tula Voronezh Izhevsk Zelenograd"),
		strings.Fields("Aleksandr Sergei Dmitry Andrei Alexey Ivan Mikhail Nikolai Oleg Vladimir Yuri Pavel Igor Artem"),
		strings.Fields("IVANOV PETROV SMIRNOV KUZNETSOV POPOV VOLKOV SOKOLOV LEBEDEV KOZLOV NOVIKOV MOROZOV ORLOV ZAITSEV")},
	{"Iran", "IR",
		strings.Fields("pars sanat kish arya tadbir sepah farayand pishro tavan rah nik sazeh gostar kaveh pouya sina behin dana sahand arman"),
		strings.Fields("Tehran Isfahan Tabriz Shiraz Mashhad Karaj Qom Ahvaz Bandar-Abbas"),
		strings.Fields("Ali Reza Hossein Mehdi Hamid Saeed Majid Behrouz Kamran Farhad Javad Amir"),
		strings.Fields("AHMADI HOSSEINI MOHAMMADI REZAEI KARIMI MOUSAVI JAFARI RAHIMI SADEGHI HASHEMI TEHRANI NOURI")},
	{"United Arab Emirates", "AE",
		strings.Fields("al noor gulf star falcon emir zahra bait nas sham fajr qamar rashid hadi salam"),
		strings.Fields("Dubai Sharjah Ajman Abu-Dhabi"),
		strings.Fields("Khalid Omar Yusuf Tariq Faisal Hamza Nasser Karim Samir"),
		strings.Fields("AL-HASHIMI AL-MANSOURI HADDAD NASSER SALEH KHALIL AZIZ HAMDAN")},
	{"Turkey", "TR",
		strings.Fields("anka kar tek demir yildiz ege ak kale deniz oz bir marmara toros"),
		strings.Fields("Istanbul Ankara Izmir Bursa Mersin Kocaeli"),
		strings.Fields("Mehmet Mustafa Emre Burak Murat Serkan Volkan Kemal Onur"),
		strings.Fields("YILMAZ KAYA DEMIR SAHIN CELIK YILDIZ AYDIN OZTURK ARSLAN DOGAN")},
	{"Korea, North", "KP",
		strings.Fields("chon ma bong kum sung ryong san myong song hyok kang pyol"),
		strings.Fields("Pyongyang Nampo Sinuiju Hamhung"),
		strings.Fields("Chol Ryong Song Myong Hyok Kwang Nam Il"),
		strings.Fields("KIM RI PAK CHOE JONG KANG RIM HAN")},
	{"Hong Kong", "HK",
		strings.Fields("wing fat tak kwong on lee yue sun tai hing shun po cheung"),
		strings.Fields("Hong-Kong Kowloon Wan-Chai"),
		strings.Fields("Ka Wai Chi Man Kin Ho Siu"),
		strings.Fields("CHAN WONG LEUNG LAU CHEUNG LAM TSANG NG")},
}

var (
	synthIndustry = strings.Fields(`Electronics Microelectronics Semiconductor Technology Trading Industrial Machinery
		Engineering Aviation Shipping Logistics Petroleum Chemical Instruments Optics Photonics Materials
		Precision Systems Communication Telecom Energy Components Devices Automation Robotics Laser Radio
		Metallurgy Aerospace Defense Navigation Computing Software Equipment Import Export Investment`)
	synthKind  = strings.Fields(`Company Group Institute Corporation Industries Enterprise Holding Factory Center Bureau Academy`)
	synthLegal = []string{"Co., Ltd.", "Limited", "LLC", "Ltd.", "JSC", "OOO", "Company", "Corp.", "Inc.", "FZE", "Co.", "PJSC", "GmbH", "S.A.", "Pte. Ltd.", ""}
)

// Synthetic returns a realistic synthetic list of n entries in the CSL
// format, for benchmarks and tests: company-like names with place names,
// invented cores, industry words and legal forms, individuals written
// "FAMILY, Given" or "Given FAMILY", parenthesised acronyms, alt names
// (acronyms, other legal forms, former names, respellings), addresses,
// programs, and entries of 13 lists in proportions like the real list's,
// a few of them no longer in force. The same n and seed give the same
// list. It is generated as CSV and read back with [ReadCSV], so the
// Snapshot is that of the generated CSV.
func Synthetic(n int, seed int64) *List {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5ca1ab1e))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	l := &List{Entries: make([]Entry, 0, n)}
	for i := 0; i < n; i++ {
		src := synthSources[len(synthSources)-1]
		x := r.IntN(1000)
		for _, s := range synthSources {
			if x < s.share {
				src = s
				break
			}
			x -= s.share
		}
		reg := synthRegions[r.IntN(len(synthRegions))]
		e := Entry{
			ID:            fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64()),
			Source:        src.source,
			SourceListURL: src.url,
		}
		if len(src.programs) > 0 {
			e.Programs = []string{pick(src.programs)}
			if r.IntN(8) == 0 {
				e.Programs = append(e.Programs, pick(src.programs))
			}
		}
		city := pick(reg.places)
		e.Addresses = []string{fmt.Sprintf("%d %s Road, %s, %s, %s", 1+r.IntN(300), synthCore(r, reg), city, reg.country, reg.cc)}
		if r.IntN(6) == 0 {
			e.Addresses = append(e.Addresses, fmt.Sprintf("%s, %s", pick(reg.places), reg.cc))
		}
		if r.IntN(100) < src.persons {
			e.Type = "Individual"
			given, family := pick(reg.given), pick(reg.family)
			if r.IntN(3) == 0 {
				given += " " + pick(reg.given)
			}
			if strings.Contains(src.source, "(SDN)") || strings.Contains(src.source, "(FSE)") {
				e.Name = family + ", " + given
			} else {
				e.Name = given + " " + titleCase(family)
			}
			if r.IntN(4) == 0 {
				e.AltNames = append(e.AltNames, given+" "+respell(r, family))
			}
		} else {
			if src.persons < 100 && strings.Contains(src.source, "Treasury") {
				e.Type = "Entity"
			}
			core := synthCore(r, reg)
			words := []string{}
			if r.IntN(2) == 0 {
				words = append(words, city)
			}
			words = append(words, core)
			for k := r.IntN(3); k > 0; k-- {
				words = append(words, pick(synthIndustry))
			}
			if r.IntN(3) == 0 {
				words = append(words, pick(synthKind))
			}
			base := strings.Join(words, " ")
			name := base
			if leg := pick(synthLegal); leg != "" {
				name += " " + leg
			}
			if strings.Contains(src.source, "Treasury") && r.IntN(2) == 0 {
				name = strings.ToUpper(name)
			}
			acr := acronym(words)
			switch {
			case r.IntN(10) == 0 && len(acr) >= 3:
				name += " (" + acr + ")"
			case r.IntN(6) == 0 && len(acr) >= 3:
				e.AltNames = append(e.AltNames, acr)
			}
			if r.IntN(5) == 0 {
				e.AltNames = append(e.AltNames, base+" "+pick(synthLegal))
			}
			if r.IntN(6) == 0 {
				e.AltNames = append(e.AltNames, synthCore(r, reg)+" "+pick(synthIndustry)+" "+pick(synthLegal))
			}
			if r.IntN(8) == 0 {
				e.AltNames = append(e.AltNames, respell(r, core)+" "+strings.Join(words[1:], " "))
			}
			if strings.Contains(src.source, "(ISN)") {
				name += "; and any successor, sub-unit, or subsidiary thereof"
			}
			e.Name = name
		}
		start := fmt.Sprintf("%04d-%02d-%02d", 2005+r.IntN(21), 1+r.IntN(12), 1+r.IntN(28))
		if r.IntN(5) != 0 || strings.Contains(src.source, "(DPL)") {
			e.StartDate = start
			e.FederalRegisterNotice = fmt.Sprintf("%d FR %d", 70+r.IntN(21), 1000+r.IntN(90000))
		}
		if strings.Contains(src.source, "(DPL)") {
			// Denials run for years; some have ended.
			e.EndDate = fmt.Sprintf("%04d-%02d-%02d", 2008+r.IntN(40), 1+r.IntN(12), 1+r.IntN(28))
			if e.EndDate < e.StartDate {
				e.EndDate = ""
			}
		}
		e.LicenseRequirement, e.LicensePolicy = src.licReq, src.licPolicy
		l.Entries = append(l.Entries, e)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, l); err != nil {
		panic(err)
	}
	out, err := ReadCSV(&buf, fmt.Sprintf("synthetic(n=%d,seed=%d).csv", n, seed))
	if err != nil {
		panic("screening: synthetic list does not read back: " + err.Error())
	}
	return out
}

// synthCore invents a distinctive name word from two or three syllables.
func synthCore(r *rand.Rand, reg synthRegion) string {
	k := 2 + r.IntN(2)
	var b strings.Builder
	for i := 0; i < k; i++ {
		b.WriteString(reg.syllables[r.IntN(len(reg.syllables))])
	}
	return titleCase(b.String())
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// acronym returns the capitals of words' initials ("Shenzhen Huaxin
// Electronics" gives "SHE").
func acronym(words []string) string {
	var b strings.Builder
	for _, w := range words {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]))
		}
	}
	return b.String()
}

// respell changes a word the way transliterations and typos do.
func respell(r *rand.Rand, w string) string {
	subs := [][2]string{{"ou", "u"}, {"i", "y"}, {"y", "i"}, {"kh", "h"}, {"sh", "sch"}, {"ei", "ey"}, {"ch", "tch"}, {"ee", "i"}, {"k", "c"}, {"v", "w"}}
	for _, off := range r.Perm(len(subs)) {
		s := subs[off]
		if i := strings.Index(strings.ToLower(w), s[0]); i >= 0 {
			return w[:i] + s[1] + w[i+len(s[0]):]
		}
	}
	if len(w) > 4 {
		i := 1 + r.IntN(len(w)-2)
		return w[:i] + w[i+1:]
	}
	return w
}
