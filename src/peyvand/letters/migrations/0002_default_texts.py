"""The default letter texts every agency starts from, in Persian, English and Albanian.

Plain text with ``{placeholders}`` (see peyvand/letters/placeholders.py); a blank line starts a
paragraph. The texts are written here, not imported: a migration must not change when the app's
code does.
"""

from django.db import migrations

INVITATION = {
    "fa": (
        "دعوت‌نامه برای دیدار خانوادگی",
        """مقامات محترم ذی‌ربط،

{agency} انجمنی بشردوستانه است که به خانواده‌هایی که مرزها آنان را از هم جدا کرده‌اند کمک می‌کند تا دوباره یکدیگر را بیابند. در پرونده‌ی شماره‌ی {case_reference}، پس از سال‌ها بی‌خبری، ارتباط میان {seeker_name} و خویشاوندش {sought_name} ({relationship}) دوباره برقرار شده است.

اکنون این خانواده آرزو دارد یکدیگر را از نزدیک ببیند. بدین‌وسیله تأیید می‌کنیم که {seeker_name} برای دیدار با {sought_name} به {host_country} دعوت شده است. این دیدار برای تاریخ {meeting_date} در این محل برنامه‌ریزی شده است: {meeting_place}.

ما این خانواده را با دقت همراهی کرده‌ایم و می‌دانیم این دیدار برای آنان چه اندازه ارزشمند است. خواهشمندیم هرگونه مساعدت ممکن به مسافر ارائه شود. برای تأیید هر یک از مندرجات این نامه در خدمت هستیم.

با احترام،
{agency}""",
    ),
    "en": (
        "Invitation to a family visit",
        """To whom it may concern,

{agency} is a humanitarian association that helps families separated by borders to find one another again. Under case {case_reference}, after many years without news, contact has been restored between {seeker_name} and their relative {sought_name} ({relationship}).

The family now wishes to meet in person. We hereby confirm that {seeker_name} is invited to visit {sought_name} in {host_country}. The meeting is planned for {meeting_date} at the following place: {meeting_place}.

We have accompanied this family with care, and we know how much this meeting means to them. We respectfully ask that the traveller be given every reasonable assistance, and we remain available to confirm any detail of this letter.

With respect,
{agency}""",
    ),
    "sq": (
        "Ftesë për vizitë familjare",
        """Për autoritetet përkatëse,

{agency} është një shoqatë humanitare që ndihmon familjet e ndara nga kufijtë të gjejnë përsëri njëra-tjetrën. Në kuadër të dosjes {case_reference}, pas shumë vitesh pa lajme, është rivendosur kontakti ndërmjet {seeker_name} dhe të afërmit të tyre {sought_name} ({relationship}).

Familja tani dëshiron të takohet personalisht. Me këtë letër konfirmojmë se {seeker_name} është ftuar të vizitojë {sought_name} në {host_country}. Takimi është planifikuar për datën {meeting_date}, në vendin e mëposhtëm: {meeting_place}.

Ne e kemi shoqëruar këtë familje me kujdes dhe e dimë sa shumë do të thotë ky takim për ta. Ju lutemi me respekt që udhëtarit t'i jepet çdo ndihmë e arsyeshme. Mbetemi në dispozicion për të konfirmuar çdo të dhënë të kësaj letre.

Me respekt,
{agency}""",
    ),
}

SUPPORT = {
    "fa": (
        "نامه‌ی حمایت از درخواست سفر",
        """به: {authority}

با سلام و احترام،

{agency} انجمنی بشردوستانه است که خانواده‌های جدا افتاده را در یافتن یکدیگر و برقراری دوباره‌ی ارتباط یاری می‌دهد. {traveller} درخواست «{application_kind}» را برای سفر به {application_country} به آن نمایندگی محترم تسلیم کرده است.

هدف این سفر دیدار خانوادگی است: {seeker_name} و {sought_name} سال‌ها از یکدیگر بی‌خبر بوده‌اند و ارتباط آنان در پرونده‌ی شماره‌ی {case_reference} به همت این انجمن دوباره برقرار شده است. این دیدار برای تاریخ {meeting_date} برنامه‌ریزی شده است.

این انجمن درستی اطلاعات بالا را تأیید می‌کند و از آن مقام محترم خواهشمند است این درخواست را با نظر مساعد بررسی فرمایند. در صورت نیاز به هرگونه توضیح یا مدرک بیشتر، آماده‌ی همکاری هستیم.

با سپاس و احترام،
{agency}""",
    ),
    "en": (
        "Letter of support for a travel application",
        """To: {authority}

Dear Sir or Madam,

{agency} is a humanitarian association that helps separated families to find one another and to restore contact. {traveller} has submitted to you an application ({application_kind}) to travel to {application_country}.

The purpose of the journey is a family reunion: {seeker_name} and {sought_name} had been without news of each other for many years, and their contact was restored through our association under case {case_reference}. The meeting is planned for {meeting_date}.

We confirm the accuracy of the information above and respectfully ask you to consider this application favourably. We remain at your disposal for any clarification or further document.

Yours faithfully,
{agency}""",
    ),
    "sq": (
        "Letër mbështetjeje për një aplikim udhëtimi",
        """Për: {authority}

I nderuar zotëri, e nderuar zonjë,

{agency} është një shoqatë humanitare që ndihmon familjet e ndara të gjejnë njëra-tjetrën dhe të rivendosin kontaktin. {traveller} ka paraqitur pranë jush një aplikim ({application_kind}) për të udhëtuar në {application_country}.

Qëllimi i udhëtimit është një takim familjar: {seeker_name} dhe {sought_name} kanë qenë për shumë vite pa lajme nga njëri-tjetri, dhe kontakti i tyre u rivendos nëpërmjet shoqatës sonë në dosjen {case_reference}. Takimi është planifikuar për datën {meeting_date}.

Konfirmojmë saktësinë e informacionit të mësipërm dhe ju lutemi ta shqyrtoni këtë aplikim me mirëkuptim. Mbetemi në dispozicionin tuaj për çdo sqarim apo dokument shtesë.

Me mirënjohje dhe respekt,
{agency}""",
    ),
}

SUMMARY = {
    "fa": (
        "خلاصه‌ی پرونده‌ی {case_reference}",
        """این خلاصه را {agency} درباره‌ی پرونده‌ی شماره‌ی {case_reference} تهیه کرده است. {seeker_name} در جست‌وجوی خویشاوند خود {sought_name} ({relationship}) است.

این سند تنها اطلاعاتی را در بر دارد که فرد جست‌وجوشده اجازه‌ی بازگو کردن آن را داده است. جزئیات پرونده در جدول زیر آمده است.""",
    ),
    "en": (
        "Summary of case {case_reference}",
        """This summary was prepared by {agency} for case {case_reference}. {seeker_name} is looking for their relative {sought_name} ({relationship}).

This document holds only what the sought person has allowed to be shared. The details of the case follow in the table below.""",
    ),
    "sq": (
        "Përmbledhje e dosjes {case_reference}",
        """Kjo përmbledhje është përgatitur nga {agency} për dosjen {case_reference}. {seeker_name} po kërkon të afërmin e vet {sought_name} ({relationship}).

Ky dokument përmban vetëm atë që personi i kërkuar ka lejuar të ndahet. Hollësitë e dosjes jepen në tabelën më poshtë.""",
    ),
}

DEFAULTS = {"invitation": INVITATION, "support": SUPPORT, "summary": SUMMARY}


def add_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, by_language in DEFAULTS.items():
        for language, (subject, body) in by_language.items():
            LetterTemplate.objects.get_or_create(
                agency=None,
                kind=kind,
                language=language,
                version=1,
                defaults={"subject": subject, "body": body},
            )


def remove_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(agency=None, version=1, updated_by=None, letters=None).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
