"""Texts the server shows on its own (keys prefixed ``server_``)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "server_error": {
        "de": "Diese Ansicht konnte nicht angezeigt werden. Bitte laden Sie die Seite neu oder versuchen Sie es "
              "später noch einmal.",
        "en": "This view could not be shown. Please reload the page or try again later.",
        "tr": "Bu görünüm gösterilemedi. Lütfen sayfayı yeniden yükleyin veya daha sonra tekrar deneyin.",
        "ar": "تعذّر عرض هذه الصفحة. يرجى إعادة تحميل الصفحة أو المحاولة مرة أخرى لاحقًا.",
        "uk": "Не вдалося показати цей вигляд. Будь ласка, перезавантажте сторінку або спробуйте пізніше.",
    },
}
