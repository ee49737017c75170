import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkCreate,
  checkDelete,
  checkPromote,
  checkProposal,
  checkUpdate,
  divertedMessage,
  divertImpossibleRefusal,
  isEditorInChief,
  unchangedFields,
  type Actor,
  type SectionSnapshot,
} from './editorial-rules.js';

const ALICE = 'user-alice';
const BOB = 'user-bob';

const system: Actor = { kind: 'system', userId: null };
const admin: Actor = { kind: 'admin', userId: 'user-admin' };
const cto: Actor = { kind: 'cto', userId: 'user-cto' };
const alice: Actor = { kind: 'student', userId: ALICE };
const reader: Actor = { kind: 'reader', userId: 'user-reader' };
const anonymous: Actor = { kind: 'anonymous', userId: null };
const chiefs = [system, admin, cto];

const READER_MESSAGE = 'У этой учётной записи доступ только на чтение: менять разделы могут студенты (свои) и CTO';
const ANONYMOUS_MESSAGE = 'Без входа в систему разделы нельзя ни читать, ни менять: войдите как студент или CTO';
const STUDENT_CHOICES = '«⏳ Запланировано», «📝 В разработке», «👀 На проверке»';

function section(overrides: Partial<SectionSnapshot> = {}): SectionSnapshot {
  return { id: 'section-1', code: '02.01.03', status: 'in_progress', owner: ALICE, ...overrides };
}

const forbidden = (message: string) => ({ status: 403, reason: 'forbidden', message });

describe('isEditorInChief', () => {
  test('the server, administrators and the CTO have the final say', () => {
    for (const actor of chiefs) assert.equal(isEditorInChief(actor), true, actor.kind);
  });

  test('students, readers and anonymous callers do not', () => {
    assert.equal(isEditorInChief(alice), false);
    assert.equal(isEditorInChief(reader), false);
    assert.equal(isEditorInChief(anonymous), false);
  });
});

describe('checkCreate', () => {
  test('editors-in-chief may create with any status and any owner', () => {
    for (const actor of chiefs) {
      for (const status of ['planned', 'published', 'archived', 'anything']) {
        assert.equal(checkCreate(actor, { status, owner: BOB }), null, `${actor.kind} ${status}`);
      }
    }
  });

  test('a reader may not create at all, whatever the payload', () => {
    assert.deepEqual(checkCreate(reader, {}), forbidden(READER_MESSAGE));
    assert.deepEqual(checkCreate(reader, { status: 'planned', owner: reader.userId }), forbidden(READER_MESSAGE));
  });

  test('an anonymous caller is told to log in, not that it may read', () => {
    assert.deepEqual(checkCreate(anonymous, {}), forbidden(ANONYMOUS_MESSAGE));
  });

  test('a student creates with no status and no owner, or with self as owner', () => {
    assert.equal(checkCreate(alice, {}), null);
    assert.equal(checkCreate(alice, { owner: ALICE }), null);
    assert.equal(checkCreate(alice, { owner: null }), null, 'an explicit null owner is filled with the creator later');
  });

  test('a student may create in planned, in_progress and review', () => {
    for (const status of ['planned', 'in_progress', 'review']) assert.equal(checkCreate(alice, { status }), null, status);
  });

  test('a student may not create a published or archived section; the message names the status and the allowed ones', () => {
    assert.deepEqual(
      checkCreate(alice, { status: 'published' }),
      forbidden(`Статус «✅ Готово» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`),
    );
    assert.deepEqual(
      checkCreate(alice, { status: 'archived' }),
      forbidden(`Статус «🗄 В архиве» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`),
    );
  });

  test('an unknown status is quoted as sent', () => {
    assert.deepEqual(
      checkCreate(alice, { status: 'draft' }),
      forbidden(`Статус «draft» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`),
    );
  });

  test('a non-string status is left to Directus validation', () => {
    assert.equal(checkCreate(alice, { status: 42 }), null);
  });

  test('a student may not create a section for someone else', () => {
    const expected = forbidden('Студент создаёт разделы только на себя; назначить другого ответственного может CTO');
    assert.deepEqual(checkCreate(alice, { owner: BOB }), expected);
    assert.deepEqual(checkCreate(alice, { owner: { id: BOB } }), expected, 'an owner object is not the student either');
  });

  test('the status is checked before the owner', () => {
    assert.match(checkCreate(alice, { status: 'published', owner: BOB })?.message ?? '', /^Статус «✅ Готово» ставит только CTO/);
  });
});

describe('checkUpdate', () => {
  const update = (actor: Actor, before: SectionSnapshot, changes: Record<string, unknown>, ownerName: string | null = 'Алиса Иванова') =>
    checkUpdate(actor, { before, ownerName, changes });

  test('editors-in-chief may change anything, published and archived sections included', () => {
    for (const actor of chiefs) {
      for (const status of ['planned', 'published', 'archived']) {
        assert.deepEqual(update(actor, section({ status, owner: BOB }), { status: 'archived', owner: null, body: 'x' }), { kind: 'allow' });
      }
    }
  });

  test('a reader may not change anything', () => {
    assert.deepEqual(update(reader, section(), { title: 'x' }), { kind: 'refuse', refusal: forbidden(READER_MESSAGE) });
  });

  test('an anonymous caller may not change anything', () => {
    assert.deepEqual(update(anonymous, section(), { title: 'x' }), { kind: 'refuse', refusal: forbidden(ANONYMOUS_MESSAGE) });
  });

  test('a student may not touch an unowned section', () => {
    assert.deepEqual(update(alice, section({ owner: null }), { title: 'x' }, null), {
      kind: 'refuse',
      refusal: forbidden('Раздел 02.01.03 ещё ни за кем не закреплён; попросите CTO назначить его вам'),
    });
  });

  test("a student may not touch another student's section; the message names the owner", () => {
    assert.deepEqual(update(alice, section({ owner: BOB }), { title: 'x' }, 'Борис Петров'), {
      kind: 'refuse',
      refusal: forbidden('Раздел 02.01.03 закреплён за Борис Петров; изменить его может владелец или CTO'),
    });
  });

  test('without a known owner name or code the message still reads well', () => {
    assert.deepEqual(update(alice, section({ owner: BOB, code: null }), { title: 'x' }, null), {
      kind: 'refuse',
      refusal: forbidden('Раздел закреплён за другим участником; изменить его может владелец или CTO'),
    });
  });

  test('a student edits their own section in progress', () => {
    assert.deepEqual(update(alice, section(), { title: 'Новое', body: 'текст' }), { kind: 'allow' });
  });

  test('a student moves their own work planned → in_progress → review, and back', () => {
    for (const [from, to] of [
      ['planned', 'in_progress'],
      ['in_progress', 'review'],
      ['review', 'in_progress'],
      ['planned', 'review'],
    ]) {
      assert.deepEqual(update(alice, section({ status: from }), { status: to }), { kind: 'allow' }, `${from} → ${to}`);
    }
  });

  test('a student may not publish or archive their own section', () => {
    assert.deepEqual(update(alice, section({ status: 'review' }), { status: 'published' }), {
      kind: 'refuse',
      refusal: forbidden(`Статус «✅ Готово» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`),
    });
    assert.deepEqual(update(alice, section(), { status: 'archived' }), {
      kind: 'refuse',
      refusal: forbidden(`Статус «🗄 В архиве» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`),
    });
  });

  test('a student may not change the owner, even to nobody', () => {
    const expected = { kind: 'refuse', refusal: forbidden('Ответственного за раздел назначает CTO') };
    assert.deepEqual(update(alice, section(), { owner: BOB }), expected);
    assert.deepEqual(update(alice, section(), { owner: null }), expected);
  });

  test('sending the unchanged owner or status along with an edit is fine', () => {
    assert.deepEqual(update(alice, section({ status: 'review' }), { owner: ALICE, status: 'review', title: 'x' }), { kind: 'allow' });
  });

  test('an archived section stays with the CTO', () => {
    assert.deepEqual(update(alice, section({ status: 'archived' }), { title: 'x' }), {
      kind: 'refuse',
      refusal: forbidden('Раздел 02.01.03 в архиве; вернуть его в работу может CTO'),
    });
  });

  test("a student's edit of their own published section goes to a version", () => {
    assert.deepEqual(update(alice, section({ status: 'published' }), { body: 'новый текст' }), { kind: 'divert-to-version' });
  });

  test('resending the published status still diverts; archiving a published section is refused', () => {
    assert.deepEqual(update(alice, section({ status: 'published' }), { status: 'published', body: 'x' }), { kind: 'divert-to-version' });
    assert.deepEqual(update(alice, section({ status: 'published' }), { status: 'archived' }), {
      kind: 'refuse',
      refusal: forbidden(`Статус «🗄 В архиве» ставит только CTO; студент может перевести раздел в ${STUDENT_CHOICES}`),
    });
  });
});

describe('checkDelete', () => {
  test('editors-in-chief delete a section without children', () => {
    for (const actor of chiefs) assert.equal(checkDelete(actor, section({ owner: BOB }), 0), null, actor.kind);
  });

  test('a section with children is not deleted, not even by the CTO', () => {
    assert.deepEqual(checkDelete(cto, section(), 2), {
      status: 409,
      reason: 'conflict',
      message: 'Раздел 02.01.03 содержит подразделы (2); сначала перенесите или удалите их',
    });
  });

  test('students and readers never delete, not even their own section', () => {
    const expected = forbidden('Удалять разделы может только CTO; раздел 02.01.03 можно перевести в архив через CTO');
    assert.deepEqual(checkDelete(alice, section(), 0), expected);
    assert.deepEqual(checkDelete(reader, section(), 0), expected);
    assert.deepEqual(checkDelete(alice, section(), 3), expected, 'the permission is the first reason given');
  });

  test('an anonymous caller is told to log in', () => {
    assert.deepEqual(checkDelete(anonymous, section(), 0), forbidden(ANONYMOUS_MESSAGE));
  });

  test('a section without a code is named generically', () => {
    assert.deepEqual(checkDelete(alice, section({ code: null }), 0), forbidden('Удалять разделы может только CTO; раздел можно перевести в архив через CTO'));
  });
});

describe('checkPromote', () => {
  test('editors-in-chief promote any version', () => {
    for (const actor of chiefs) {
      for (const status of ['in_progress', 'published', 'archived']) assert.equal(checkPromote(actor, section({ status, owner: BOB })), null);
    }
  });

  test('a student does not promote into a published or archived section, not even their own', () => {
    assert.deepEqual(
      checkPromote(alice, section({ status: 'published' })),
      forbidden('Раздел 02.01.03 опубликован: правку из версии переносит на сайт только CTO'),
    );
    assert.deepEqual(checkPromote(alice, section({ status: 'archived' })), forbidden('Раздел 02.01.03 в архиве; вернуть его в работу может CTO'));
  });

  test('an anonymous caller promotes nothing', () => {
    assert.deepEqual(checkPromote(anonymous, section({ owner: null })), forbidden(ANONYMOUS_MESSAGE));
  });

  test("a student promotes into their own unpublished section, not into someone else's", () => {
    assert.equal(checkPromote(alice, section({ status: 'in_progress' })), null);
    assert.deepEqual(
      checkPromote(alice, section({ status: 'review', owner: BOB })),
      forbidden('Раздел 02.01.03 не ваш; перенести в него версию может владелец или CTO'),
    );
    assert.deepEqual(
      checkPromote(reader, section({ status: 'review', owner: null })),
      forbidden('Раздел 02.01.03 не ваш; перенести в него версию может владелец или CTO'),
    );
  });
});

describe('checkProposal', () => {
  test('editors-in-chief propose changes to any section', () => {
    for (const actor of chiefs) assert.equal(checkProposal(actor, section({ owner: BOB }), 'Борис Петров'), null);
  });

  test('a reader or an anonymous caller proposes nothing', () => {
    assert.deepEqual(checkProposal(reader, section(), 'Алиса Иванова'), forbidden(READER_MESSAGE));
    assert.deepEqual(checkProposal(anonymous, section(), 'Алиса Иванова'), forbidden(ANONYMOUS_MESSAGE));
  });

  test('a student proposes changes to their own sections only; the message names the owner', () => {
    assert.equal(checkProposal(alice, section({ status: 'published' }), 'Алиса Иванова'), null);
    assert.deepEqual(
      checkProposal(alice, section({ owner: BOB }), 'Борис Петров'),
      forbidden('Раздел 02.01.03 закреплён за Борис Петров; предлагать правки к нему может владелец или CTO'),
    );
    assert.deepEqual(
      checkProposal(alice, section({ owner: null }), null),
      forbidden('Раздел 02.01.03 закреплён за другим участником; предлагать правки к нему может владелец или CTO'),
    );
  });
});

describe('divertedMessage', () => {
  test('says the site did not change and the edit waits for the CTO in the named version', () => {
    assert.equal(
      divertedMessage(section(), 'Правка: Алиса Иванова'),
      'Раздел 02.01.03 опубликован, поэтому правка не меняет сайт сразу: она сохранена в версии «Правка: Алиса Иванова» и ждёт проверки CTO',
    );
  });

  test('without a code the section is named generically', () => {
    assert.match(divertedMessage({ id: 'x', code: null }, 'v'), /^Раздел опубликован, поэтому правка не меняет сайт сразу: она сохранена в версии «v»/);
  });
});

describe('system-kept fields: previous_paths', () => {
  const message = /^Поле «Прежние адреса» ведёт система: при переносах и переименованиях она сама запоминает прежние адреса страницы/;
  test('no editor sets previous_paths, neither the student nor the CTO, on a create or an update', () => {
    for (const actor of [alice, cto]) {
      assert.match(checkCreate(actor, { owner: actor.userId, previous_paths: ['/06-operations/'] })?.message ?? '', message, actor.kind);
      const verdict = checkUpdate(actor, { before: section({ owner: actor.userId }), ownerName: null, changes: { previous_paths: [] } });
      assert.match(verdict.kind === 'refuse' ? verdict.refusal.message : '', message, actor.kind);
    }
  });
  test('admins and the system (import, restore, the hook) may', () => {
    for (const actor of [system, admin]) {
      assert.equal(checkCreate(actor, { previous_paths: ['/06-operations/'] }), null, actor.kind);
      assert.deepEqual(checkUpdate(actor, { before: section(), ownerName: null, changes: { previous_paths: [] } }), { kind: 'allow' }, actor.kind);
    }
  });
});

describe('the structure is the CTO’s, the old codes the system’s', () => {
  const placed = section({ parent: 'chapter-02', previous_codes: ['02.01.07'] });

  test('a student changes neither the parent, nor the code, nor the due date of their own section', () => {
    for (const [field, value, label] of [['parent', 'chapter-03', 'Родительский раздел'], ['parent', null, 'Родительский раздел'], ['code', '02.01.09', 'Код'], ['children', { update: [] }, 'Подразделы']] as const) {
      const verdict = checkUpdate(alice, { before: placed, ownerName: null, changes: { [field]: value } });
      assert.equal(verdict.kind, 'refuse', field);
      assert.match(verdict.kind === 'refuse' ? verdict.refusal.message : '', new RegExp(`^Поле «${label}» студент не меняет: структуру дерева`), field);
    }
    const due = checkUpdate(alice, { before: placed, ownerName: null, changes: { due_date: '2030-01-01' } });
    assert.deepEqual(due, { kind: 'refuse', refusal: forbidden('Поле «Срок» — план CTO: студент видит срок, но не меняет его') });
  });

  test('old codes are set by no editor: not the student, not the CTO; the admin (import, restore) may', () => {
    for (const actor of [alice, cto]) {
      const verdict = checkUpdate(actor, { before: placed, ownerName: null, changes: { previous_codes: ['02.03'] } });
      assert.equal(verdict.kind, 'refuse', actor.kind);
      assert.equal(checkCreate(actor, { previous_codes: ['02.03'] })?.message.startsWith('Поле «Прежние коды» ведёт система'), true, actor.kind);
    }
    assert.deepEqual(checkUpdate(admin, { before: placed, ownerName: null, changes: { previous_codes: ['02.03'] } }), { kind: 'allow' });
    assert.equal(checkCreate(admin, { previous_codes: ['02.03'] }), null);
  });

  test('a student places a new section but does not choose its code; blank values are not choices', () => {
    assert.equal(checkCreate(alice, { title: 'Новый', parent: 'chapter-02', status: 'planned', code: null, previous_codes: [] }), null);
    assert.match(checkCreate(alice, { title: 'Новый', code: '02.07' })?.message ?? '', /^Поле «Код» студент не меняет/);
  });

  test('values resent unchanged are found, so that they can be dropped before any rule sees them', () => {
    assert.deepEqual(
      unchangedFields(placed, { parent: { id: 'chapter-02' }, code: '02.01.03', owner: ALICE, status: 'in_progress', previous_codes: ['02.01.07'], body: 'x' }).sort(),
      ['code', 'owner', 'parent', 'previous_codes', 'status'],
    );
    assert.deepEqual(unchangedFields(placed, { parent: 'chapter-03', code: '02.01.04', owner: BOB, previous_codes: [] }), []);
    // Without the stored parent nothing says it is unchanged.
    assert.deepEqual(unchangedFields(section(), { parent: 'chapter-02' }), []);
  });

  test('an edit of a published section that cannot be kept in a version says that nothing was saved', () => {
    const refusal = divertImpossibleRefusal(section({ code: '03.02' }));
    assert.equal(refusal.status, 409);
    assert.match(refusal.message, /^Раздел 03\.02 опубликован: .* Ничего не сохранено/);
  });
});
