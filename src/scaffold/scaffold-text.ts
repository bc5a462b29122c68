/**
 * The words of a new report (`bulletin new`, and the sample report of `bulletin init`), in the edition's
 * language: the country staff who write the reports read the guidance and fill in the placeholders in the
 * language they write in. Shipped for the languages that have shipped labels (see edition/labels.ts); any
 * other language gets English. Every value to supply stays a [[placeholder]], which lint reports whatever
 * its language, and the Markdown around them is the same in every language.
 */

export interface ScaffoldText {
  title: string;
  location: string;
  /** The guidance comment, line by line; `{COUNTRY}` is the country as the heading prints it (in capitals). */
  howTo: string[];
  first: string;
  second: string;
  /** The photo's description for readers who cannot see it (its alt text). */
  photoAlt: string;
  photoCaption: string;
  closing: string;
}

const EN: ScaffoldText = {
  title: 'Title of the article',
  location: 'Town or city where it happened',
  howTo: [
    'How to write this report (comments like this one are never printed):',
    '- Replace every [[text in double brackets]], in the lines above too. `bulletin lint` lists any that remain.',
    '- The heading ("{COUNTRY}: Title") and the dateline (place and date) are printed from the',
    '  lines above: do not repeat them here. Delete the `location` line if there is no single place.',
    '- Write plain paragraphs separated by an empty line. **Bold**, *italic*, [links](https://example.org),',
    '  lists and tables work. Sub-headings start with "## ".',
    "- Photos go in the edition's assets/ folder. Describe each photo for readers who cannot see it (the text in",
    '  square brackets) and give it a caption (the text in quotes). Delete the photo line if you have none.',
  ],
  first: 'First paragraph: what happened, who organised it, who took part, where and when.',
  second: 'Second paragraph: what was discussed or achieved, and why it matters.',
  photoAlt: 'Describe the photo for readers who cannot see it',
  photoCaption: 'Caption printed under the photo',
  closing: 'Closing paragraph: what comes next.',
};

const RU: ScaffoldText = {
  title: 'Заголовок статьи',
  location: 'Город или посёлок, где это произошло',
  howTo: [
    'Как написать этот отчёт (такие комментарии никогда не печатаются):',
    '- Замените всё, что стоит в [[двойных квадратных скобках]], и в строках выше тоже. `bulletin lint` покажет, что осталось.',
    '- Заголовок («{COUNTRY}: Заголовок») и строка с местом и датой печатаются из строк выше:',
    '  не повторяйте их здесь. Удалите строку `location`, если у события нет одного места.',
    '- Пишите обычные абзацы, разделяя их пустой строкой. **Жирный шрифт**, *курсив*, [ссылки](https://example.org),',
    '  списки и таблицы работают. Подзаголовки начинаются с «## ».',
    '- Фотографии кладите в папку assets/ выпуска. Опишите каждую фотографию для тех, кто не может её увидеть',
    '  (текст в квадратных скобках), и дайте ей подпись (текст в кавычках). Если фотографий нет, удалите эту строку.',
  ],
  first: 'Первый абзац: что произошло, кто организовал, кто участвовал, где и когда.',
  second: 'Второй абзац: что обсуждали или чего достигли и почему это важно.',
  photoAlt: 'Опишите фотографию для тех, кто не может её увидеть',
  photoCaption: 'Подпись под фотографией',
  closing: 'Последний абзац: что будет дальше.',
};

const UK: ScaffoldText = {
  title: 'Заголовок статті',
  location: 'Місто чи селище, де це сталося',
  howTo: [
    'Як написати цей звіт (такі коментарі ніколи не друкуються):',
    '- Замініть усе, що стоїть у [[подвійних квадратних дужках]], і в рядках вище теж. `bulletin lint` покаже, що залишилося.',
    '- Заголовок («{COUNTRY}: Заголовок») і рядок із місцем і датою друкуються з рядків вище:',
    '  не повторюйте їх тут. Видаліть рядок `location`, якщо в події немає одного місця.',
    '- Пишіть звичайні абзаци, розділяючи їх порожнім рядком. **Жирний шрифт**, *курсив*, [посилання](https://example.org),',
    '  списки й таблиці працюють. Підзаголовки починаються з «## ».',
    '- Фотографії кладіть у теку assets/ випуску. Опишіть кожну фотографію для тих, хто не може її побачити',
    '  (текст у квадратних дужках), і дайте їй підпис (текст у лапках). Якщо фотографій немає, видаліть цей рядок.',
  ],
  first: 'Перший абзац: що сталося, хто організував, хто брав участь, де і коли.',
  second: 'Другий абзац: що обговорювали чи чого досягли і чому це важливо.',
  photoAlt: 'Опишіть фотографію для тих, хто не може її побачити',
  photoCaption: 'Підпис під фотографією',
  closing: 'Останній абзац: що буде далі.',
};

const FR: ScaffoldText = {
  title: 'Titre de l’article',
  location: 'Ville ou localité où cela s’est passé',
  howTo: [
    'Comment rédiger ce rapport (les commentaires comme celui-ci ne sont jamais imprimés) :',
    '- Remplacez tout [[texte entre doubles crochets]], dans les lignes ci-dessus aussi. `bulletin lint` signale ceux qui restent.',
    '- Le titre (« {COUNTRY} : Titre ») et la ligne du lieu et de la date sont imprimés d’après les',
    '  lignes ci-dessus : ne les répétez pas ici. Supprimez la ligne `location` s’il n’y a pas un lieu unique.',
    '- Écrivez des paragraphes simples, séparés par une ligne vide. **Gras**, *italique*, [liens](https://example.org),',
    '  listes et tableaux fonctionnent. Les intertitres commencent par « ## ».',
    '- Les photos vont dans le dossier assets/ de l’édition. Décrivez chaque photo pour les lecteurs qui ne peuvent pas',
    '  la voir (le texte entre crochets) et donnez-lui une légende (le texte entre guillemets). Sans photo, supprimez cette ligne.',
  ],
  first: 'Premier paragraphe : ce qui s’est passé, qui l’a organisé, qui y a participé, où et quand.',
  second: 'Deuxième paragraphe : ce qui a été discuté ou obtenu, et pourquoi c’est important.',
  photoAlt: 'Décrivez la photo pour les lecteurs qui ne peuvent pas la voir',
  photoCaption: 'Légende imprimée sous la photo',
  closing: 'Dernier paragraphe : la suite.',
};

const ES: ScaffoldText = {
  title: 'Título del artículo',
  location: 'Ciudad o localidad donde ocurrió',
  howTo: [
    'Cómo redactar este informe (los comentarios como este nunca se imprimen):',
    '- Sustituya todo [[texto entre corchetes dobles]], también en las líneas de arriba. `bulletin lint` indica los que queden.',
    '- El título («{COUNTRY}: Título») y la línea del lugar y la fecha se imprimen a partir de las',
    '  líneas de arriba: no los repita aquí. Borre la línea `location` si no hay un lugar único.',
    '- Escriba párrafos sencillos separados por una línea en blanco. **Negrita**, *cursiva*, [enlaces](https://example.org),',
    '  listas y tablas funcionan. Los subtítulos empiezan con «## ».',
    '- Las fotos van en la carpeta assets/ de la edición. Describa cada foto para quienes no pueden verla (el texto',
    '  entre corchetes) y póngale un pie de foto (el texto entre comillas). Si no tiene fotos, borre esa línea.',
  ],
  first: 'Primer párrafo: qué ocurrió, quién lo organizó, quién participó, dónde y cuándo.',
  second: 'Segundo párrafo: qué se debatió o se logró, y por qué es importante.',
  photoAlt: 'Describa la foto para quienes no pueden verla',
  photoCaption: 'Pie de foto que se imprime bajo la imagen',
  closing: 'Párrafo final: qué viene después.',
};

const PT: ScaffoldText = {
  title: 'Título do artigo',
  location: 'Cidade ou localidade onde aconteceu',
  howTo: [
    'Como escrever este relatório (comentários como este nunca são impressos):',
    '- Substitua todo o [[texto entre colchetes duplos]], também nas linhas acima. `bulletin lint` indica os que faltarem.',
    '- O título («{COUNTRY}: Título») e a linha com o local e a data são impressos a partir das',
    '  linhas acima: não os repita aqui. Apague a linha `location` se não houver um local único.',
    '- Escreva parágrafos simples separados por uma linha em branco. **Negrito**, *itálico*, [links](https://example.org),',
    '  listas e tabelas funcionam. Os subtítulos começam com «## ».',
    '- As fotos vão para a pasta assets/ da edição. Descreva cada foto para quem não consegue vê-la (o texto entre',
    '  colchetes) e dê-lhe uma legenda (o texto entre aspas). Se não tiver fotos, apague essa linha.',
  ],
  first: 'Primeiro parágrafo: o que aconteceu, quem organizou, quem participou, onde e quando.',
  second: 'Segundo parágrafo: o que foi discutido ou alcançado, e qual a sua importância.',
  photoAlt: 'Descreva a foto para quem não consegue vê-la',
  photoCaption: 'Legenda impressa sob a foto',
  closing: 'Último parágrafo: os próximos passos.',
};

const AR: ScaffoldText = {
  title: 'عنوان المقال',
  location: 'المدينة أو البلدة التي جرى فيها الحدث',
  howTo: [
    'كيف تكتب هذا التقرير (التعليقات مثل هذا التعليق لا تُطبع أبدًا):',
    '- استبدل كل [[نص بين قوسين مربعين مزدوجين]]، وفي الأسطر أعلاه أيضًا. يعرض `bulletin lint` ما تبقى منها.',
    '- يُطبع العنوان («{COUNTRY}: العنوان») وسطر المكان والتاريخ من الأسطر أعلاه:',
    '  لا تكررهما هنا. احذف سطر `location` إذا لم يكن للحدث مكان واحد.',
    '- اكتب فقرات عادية يفصل بينها سطر فارغ. يعمل **الخط العريض** و*الخط المائل* و[الروابط](https://example.org)',
    '  والقوائم والجداول. تبدأ العناوين الفرعية بـ «## ».',
    '- توضع الصور في مجلد assets/ الخاص بالعدد. صِف كل صورة للقراء الذين لا يستطيعون رؤيتها (النص بين',
    '  القوسين المربعين) وأعطها تعليقًا (النص بين علامتي الاقتباس). إذا لم تكن لديك صور فاحذف هذا السطر.',
  ],
  first: 'الفقرة الأولى: ماذا حدث، ومن نظّمه، ومن شارك فيه، وأين ومتى.',
  second: 'الفقرة الثانية: ما الذي نوقش أو تحقق، ولماذا هو مهم.',
  photoAlt: 'صِف الصورة للقراء الذين لا يستطيعون رؤيتها',
  photoCaption: 'التعليق المطبوع تحت الصورة',
  closing: 'الفقرة الأخيرة: الخطوات التالية.',
};

const TEXTS: Record<string, ScaffoldText> = { en: EN, ru: RU, uk: UK, fr: FR, es: ES, pt: PT, ar: AR };

/** The words for a language code (`pt-BR` takes `pt`); English for a language without its own. */
export function scaffoldTextFor(language: string): ScaffoldText {
  return TEXTS[language.toLowerCase()] ?? TEXTS[language.split('-')[0]!.toLowerCase()] ?? EN;
}

/** The languages with words of their own, for tests and the README. */
export const SCAFFOLD_LANGUAGES = Object.keys(TEXTS);
