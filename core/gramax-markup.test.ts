import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { convertGramaxMarkup, rawTagsOutsideCode } from './gramax-markup.js';

describe('convertGramaxMarkup', () => {
  test('a one-line note becomes a blockquote with a bold label, a <view/> is dropped with a warning', () => {
    const { text, warnings } = convertGramaxMarkup('<view defs="hierarchy=none" display="List"/>\n\n<note type="warning">Доступ — только по SSH-ключам.</note>');
    assert.equal(text, '\n\n> **Внимание:** Доступ — только по SSH-ключам.');
    assert.deepEqual(warnings.map((w) => w.line), [1]);
    assert.match(warnings[0]?.message ?? '', /Компонент Gramax <view> удалён/);
  });

  test('a note over several lines quotes every line, code blocks inside it included, and keeps the line count', () => {
    const input = '<note type="info" title="Важно">\nПервая строка\n\n```sh\necho "<b>x</b>"\n```\n</note>\nПосле';
    const { text, warnings } = convertGramaxMarkup(input);
    assert.equal(text, '> **Важно:**\n> Первая строка\n>\n> ```sh\n> echo "<b>x</b>"\n> ```\n>\nПосле');
    assert.equal(text.split('\n').length, input.split('\n').length);
    assert.deepEqual(warnings, []);
    assert.deepEqual(rawTagsOutsideCode(text), [], 'the <b> in the quoted code block is code');
  });

  test('every note type has a Russian label; an unknown type is a plain note', () => {
    const label = (type: string) => convertGramaxMarkup(`<note type="${type}">x</note>`).text;
    assert.equal(label('tip'), '> **Совет:** x');
    assert.equal(label('danger'), '> **Опасно:** x');
    assert.equal(label('whatever'), '> **Примечание:** x');
  });

  test('HTML formatting becomes markdown; other tags are dropped with a warning and their text kept', () => {
    const { text, warnings } = convertGramaxMarkup('<b>жирно</b>, <em>курсив</em>, <kbd>Ctrl</kbd>, <span class="x">текст</span><br>\n<a href="https://tapbot.kz">сайт</a> и <img src="./a.png" alt="схема">');
    assert.equal(text, '**жирно**, *курсив*, `Ctrl`, текст\\\n[сайт](https://tapbot.kz) и ![схема](./a.png)');
    assert.deepEqual(warnings.map((w) => `${w.line}: ${w.message.slice(0, 20)}`), ['1: HTML-тег <span> удал']);
  });

  test('Gramax bracket tags: [tag:…] becomes its text, [cmd:…] code, others are dropped — all with the line named', () => {
    const { text, warnings } = convertGramaxMarkup('Метка [tag:backup], команда [cmd:ls -la]\n[alfa]Бета-функция[/alfa] [x] чекбокс [ссылка](./a.md)');
    assert.equal(text, 'Метка backup, команда `ls -la`\nБета-функция [x] чекбокс [ссылка](./a.md)');
    assert.deepEqual(warnings.map((w) => w.line), [1, 2]);
    assert.match(warnings[0]?.message ?? '', /\[tag:backup\] заменена текстом «backup»/);
    assert.match(warnings[1]?.message ?? '', /\[alfa\] удалена/);
  });

  test('code is never touched: fenced blocks, tilde fences and code spans keep their tags', () => {
    const input = '```html\n<div><note>x</note></div>\n```\n~~~\n<view/>\n~~~\nКод `<b>x</b>` в строке';
    const { text, warnings } = convertGramaxMarkup(input);
    assert.equal(text, input);
    assert.deepEqual(warnings, []);
  });

  test('what is not a tag stays: comparisons, autolinks, escaped brackets', () => {
    const input = 'a < b и c > d, <https://tapbot.kz>, <admin@tapbot.kz>, \\<note> экранирован';
    assert.equal(convertGramaxMarkup(input).text, input);
  });

  test('HTML comments are dropped, also over several lines', () => {
    const { text, warnings } = convertGramaxMarkup('до <!-- скрыто --> после\n<!-- начало\nсередина\nконец --> хвост');
    assert.equal(text, 'до  после\n\n\n хвост');
    assert.equal(warnings.length, 2);
  });

  test('cut, tabs and diagrams keep their titles and links', () => {
    const { text, warnings } = convertGramaxMarkup('<cut text="Подробнее">\nскрыто\n</cut>\n<tabs>\n<tab name="Linux">\napt\n</tab>\n</tabs>\n<drawio path="./d.drawio"/>');
    assert.equal(text, '**Подробнее**\nскрыто\n\n\n**Linux**\napt\n\n\n[Диаграмма](./d.drawio)');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.message ?? '', /<drawio> заменён ссылкой/);
  });

  test('the gramax scope removes only Gramax components and leaves HTML an editor wrote on purpose', () => {
    const { text, warnings } = convertGramaxMarkup('<details><summary>Итог</summary>текст</details> <view/> [tag:x] <!-- c -->', 'gramax');
    assert.equal(text, '<details><summary>Итог</summary>текст</details>  x <!-- c -->');
    assert.equal(warnings.length, 2);
  });

  test('no body converted in the full scope keeps a raw tag outside code', () => {
    const nasty = [
      '<div align="center"><p>Заголовок</p></div>',
      '<table><tr><td>ячейка</td></tr></table>',
      '<video path="./v.mp4"/> <icon code="x"/> <color color="red">красный</color>',
      '<note>',
      'внутри <unknown-tag attr=1>x</unknown-tag>',
      '</note>',
      'List<String> и <x-y>',
    ].join('\n');
    const { text } = convertGramaxMarkup(nasty);
    assert.deepEqual(rawTagsOutsideCode(text), [], text);
  });
});
