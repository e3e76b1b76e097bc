/**
 * Which language a prompt is in, well enough for the offline model to greet the user in it: by script for
 * non-Latin text, by a few very common words for Latin-script languages. English otherwise.
 */
export type Language = "en" | "ja" | "zh" | "ko" | "ru" | "ar" | "hi" | "es" | "fr" | "de" | "pt" | "it";

const LATIN_WORDS: Array<[Language, RegExp]> = [
  ["es", /\b(qué|que|cómo|por favor|hola|gracias|explica|dime|sobre|el|los|las|es|una?|del)\b/giu],
  ["fr", /\b(quoi|comment|bonjour|merci|s'il|explique|dis|sur|le|les|est|une?|des|du|je|moi)\b/giu],
  ["de", /\b(was|wie|bitte|hallo|danke|erkläre|über|der|die|das|ist|ein|eine|und|ich|mir)\b/giu],
  ["pt", /\b(como|olá|obrigado|obrigada|explique|sobre|o|os|as|é|um|uma|do|da|você)\b/giu],
  ["it", /\b(cosa|come|ciao|grazie|spiega|dimmi|il|gli|è|uno|una|della|sono)\b/giu],
];
const EN_WORDS = /\b(the|what|how|is|are|please|tell|me|about|explain|and|you|of|to|a|in|can)\b/giu;

export function detectLanguage(text: string): Language {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return "ja";
  if (/\p{Script=Hangul}/u.test(text)) return "ko";
  if (/\p{Script=Han}/u.test(text)) return "zh";
  if (/\p{Script=Cyrillic}/u.test(text)) return "ru";
  if (/\p{Script=Arabic}/u.test(text)) return "ar";
  if (/\p{Script=Devanagari}/u.test(text)) return "hi";
  const english = text.match(EN_WORDS)?.length ?? 0;
  let best: Language = "en";
  let bestCount = english;
  for (const [language, words] of LATIN_WORDS) {
    const count = text.match(words)?.length ?? 0;
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

/** The offline model's opening line in each language: it says what it is and that details follow in English. */
export const OPENING: Record<Language, string> = {
  en: "I'm Interject's offline model: I run without any network and answer from the local knowledge base and my tools.",
  ja: "こんにちは。Interject のオフラインモデルです（ネットワークを使わずに動作します）。詳しい内容は英語で説明します。",
  zh: "你好！我是 Interject 的离线模型（不使用网络运行）。详细内容我用英文说明。",
  ko: "안녕하세요. Interject의 오프라인 모델입니다(네트워크 없이 동작합니다). 자세한 내용은 영어로 설명합니다.",
  ru: "Здравствуйте! Я офлайн-модель Interject (работаю без сети). Подробности я напишу по-английски.",
  ar: "مرحبًا! أنا النموذج غير المتصل لـ Interject (أعمل دون شبكة). سأكتب التفاصيل بالإنجليزية.",
  hi: "नमस्ते! मैं Interject का ऑफ़लाइन मॉडल हूँ (बिना नेटवर्क के चलता हूँ)। विवरण मैं अंग्रेज़ी में लिखूँगा।",
  es: "¡Hola! Soy el modelo sin conexión de Interject (funciono sin red). Escribo los detalles en inglés.",
  fr: "Bonjour ! Je suis le modèle hors ligne d'Interject (je fonctionne sans réseau). J'écris les détails en anglais.",
  de: "Hallo! Ich bin das Offline-Modell von Interject (ich arbeite ohne Netzwerk). Die Details schreibe ich auf Englisch.",
  pt: "Olá! Sou o modelo offline do Interject (funciono sem rede). Escrevo os detalhes em inglês.",
  it: "Ciao! Sono il modello offline di Interject (funziono senza rete). Scrivo i dettagli in inglese.",
};
