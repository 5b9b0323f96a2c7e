import './grids.css';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, List, Row, Select, Space, Spin, Tag } from 'antd';
import dayjs from 'dayjs';
import { GRID_TYPES, type BoundaryGeometry, type GridPeople, type GridPerson, type GridType } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { addPerson, getGrid, getPeople, getPersonCandidates, removePerson, saveBoundary, updateGrid, updatePerson, type PersonInput } from './grids.api.ts';
import { BoundaryEditor } from './boundary-editor.tsx';

/** One grid: code, type, community, buildings, its boundary (editable by those who manage it) and its people. */
export function GridPage() {
  const { id = '' } = useParams();
  const { locale, t } = useLocale();
  const { message } = App.useApp();
  const grid = useAsync((signal) => getGrid(id, signal), [id]);
  const people = useAsync((signal) => getPeople(id, signal), [id]);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  if (grid.error)
    return <Alert type="error" showIcon title={errorText(locale, grid.error)} action={<Button onClick={grid.reload}>{t('web.common.retry')}</Button>} />;
  const g = grid.data;
  if (!g) return <Spin />;

  const save = async (geometry: BoundaryGeometry) => {
    setSaving(true);
    setServerError(null);
    try {
      await saveBoundary(g.id, geometry);
      void message.success(t('web.grids.editor.saved'));
      grid.reload();
      setVersion((v) => v + 1);
    } catch (e) {
      setServerError(errorText(locale, e));
    } finally {
      setSaving(false);
    }
  };
  const setType = async (type: GridType) => {
    try {
      await updateGrid(g.id, type);
      void message.success(t('web.grids.page.typeSaved'));
      grid.reload();
    } catch (e) {
      void message.error(errorText(locale, e));
    }
  };

  return (
    <section aria-labelledby="grid-title" data-testid="grid-page">
      <div className="page-header">
        <div>
          <h1 id="grid-title">{g.name}</h1>
          <p className="page-subtitle">
            {g.code} · <Link to="/grids">{t('web.grids.page.back')}</Link>
          </p>
        </div>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('web.grids.editor.title')}>
            <BoundaryEditor
              key={`${g.id}-${version}`}
              boundary={g.boundary}
              neighbours={g.neighbours}
              editable={g.abilities.includes('editBoundary')}
              saving={saving}
              serverError={serverError}
              onSave={(geometry) => void save(geometry)}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('web.grids.col.code')}>{g.code}</Descriptions.Item>
              <Descriptions.Item label={t('web.grids.page.community')}>{g.communityName}</Descriptions.Item>
              <Descriptions.Item label={t('web.grids.col.type')}>
                {g.abilities.includes('edit') ? (
                  <Select<GridType>
                    value={g.type}
                    onChange={(v) => void setType(v)}
                    options={GRID_TYPES.map((v) => ({ value: v, label: t(`web.grids.type.${v}`) }))}
                    style={{ minWidth: 180 }}
                    aria-label={t('web.grids.col.type')}
                  />
                ) : (
                  t(`web.grids.type.${g.type}`)
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('web.grids.page.buildings', { count: g.buildingList.length })}>
                {g.buildingList.length ? g.buildingList.map((b) => b.name).join('、') : t('web.grids.people.none')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('web.grids.people.title')} style={{ marginTop: 16 }} data-testid="grid-people">
            {people.error ? <Alert type="error" title={errorText(locale, people.error)} /> : null}
            {people.data ? <PeopleView gridId={g.id} people={people.data} reload={people.reload} /> : <Spin />}
          </Card>
        </Col>
      </Row>
    </section>
  );
}

function PeopleView({ gridId, people, reload }: { gridId: string; people: GridPeople; reload: () => void }) {
  const { locale, t } = useLocale();
  const { message } = App.useApp();
  const manage = people.abilities.includes('managePeople');
  const today = dayjs().format('YYYY-MM-DD');

  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      void message.success(t('web.grids.people.saved'));
      reload();
    } catch (e) {
      void message.error(errorText(locale, e));
    }
  };

  const section = (title: string, list: GridPerson[], testId: string) => (
    <div data-testid={testId}>
      <h3 className="grid-people-title">{title}</h3>
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('web.grids.people.none')} />
      ) : (
        <List
          size="small"
          dataSource={list}
          renderItem={(p) => (
            <List.Item
              actions={[
                p.abilities.includes('update') && p.current ? (
                  <Button key="end" size="small" onClick={() => void act(() => updatePerson(gridId, p.id, { validTo: today }))}>
                    {t('web.grids.people.end')}
                  </Button>
                ) : null,
                p.abilities.includes('delete') ? (
                  <Button key="remove" size="small" danger onClick={() => void act(() => removePerson(gridId, p.id))}>
                    {t('web.grids.people.remove')}
                  </Button>
                ) : null,
              ].filter(Boolean)}
            >
              <Space wrap size={4}>
                <strong>{p.name}</strong>
                {p.partyRole ? <Tag>{t(p.partyRole === 'secretary' ? 'web.grids.people.secretary' : 'web.grids.people.member')}</Tag> : null}
                {p.buildingName ? <Tag>{t('web.grids.people.building', { name: p.buildingName })}</Tag> : null}
                <span className="page-subtitle">
                  {t('web.grids.people.period')}: {p.validFrom ?? '…'} – {p.validTo ?? t('web.grids.people.open')}
                </span>
                {!p.current ? <Tag color="default">{t('web.grids.people.ended')}</Tag> : null}
                {p.source === 'assignment' ? <Tag color="blue">{t('web.grids.people.fromAssignment')}</Tag> : null}
                {p.otherGrids.length ? <span className="page-subtitle">{t('web.grids.people.otherGrids', { names: p.otherGrids.join('、') })}</span> : null}
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <>
      {section(t('web.grids.people.head'), people.head, 'people-head')}
      {section(t('web.grids.people.workers'), people.workers, 'people-workers')}
      {section(t('web.grids.people.liaisons'), people.liaisons, 'people-liaisons')}
      {section(t('web.grids.people.sunk'), people.sunk, 'people-sunk')}
      <h3 className="grid-people-title">
        {t('web.grids.people.party')}
        {': '}
        {people.party
          ? `${people.party.name} (${t(people.party.kind === 'branch' ? 'web.grids.people.partyBranch' : 'web.grids.people.partyGroup')})`
          : t('web.grids.people.noParty')}
      </h3>
      {section(t('web.grids.people.member'), people.partyMembers, 'people-party')}
      {manage ? <AddPersonForm gridId={gridId} onAdd={(input) => act(() => addPerson(gridId, input))} hasParty={people.party !== null} /> : null}
    </>
  );
}

function AddPersonForm({ gridId, onAdd, hasParty }: { gridId: string; onAdd: (input: PersonInput) => Promise<void>; hasParty: boolean }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ role: PersonInput['role']; name?: string; userId?: string; from: dayjs.Dayjs }>();
  const role = Form.useWatch('role', form);
  // The grid head and sunk cadres are staff with accounts, picked from those who may serve here.
  const staff = role === 'head' || role === 'sunk';
  const candidates = useAsync((signal) => (staff ? getPersonCandidates(gridId, signal) : Promise.resolve({ items: [] })), [gridId, staff]);
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ role: 'liaison', from: dayjs() }}
      onFinish={async (v) => {
        await onAdd({ role: v.role, ...(staff ? { userId: v.userId } : { name: v.name }), validFrom: v.from.format('YYYY-MM-DD') });
        form.resetFields(['name', 'userId']);
      }}
      style={{ marginTop: 12, rowGap: 8 }}
      data-testid="grid-add-person"
    >
      <Form.Item name="role" label={t('web.grids.people.role')}>
        <Select
          style={{ minWidth: 120 }}
          data-testid="field-person-role"
          options={[
            { value: 'liaison', label: t('web.grids.people.role.liaison') },
            ...(hasParty ? [{ value: 'party-member', label: t('web.grids.people.role.party-member') }] : []),
            { value: 'head', label: t('web.grids.people.head') },
            { value: 'sunk', label: t('web.grids.people.sunk') },
          ]}
        />
      </Form.Item>
      {staff ? (
        <Form.Item name="userId" label={t('web.grids.people.name')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 220 }}
            loading={candidates.loading}
            data-testid="field-person-user"
            options={(candidates.data?.items ?? []).map((c) => ({ value: c.userId, label: t('web.grids.people.candidate', { name: c.name, org: c.orgName }) }))}
          />
        </Form.Item>
      ) : (
        <Form.Item name="name" label={t('web.grids.people.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="from" label={t('web.grids.people.from')} rules={[{ required: true }]}>
        <DatePicker allowClear={false} />
      </Form.Item>
      <Button htmlType="submit">{t('web.grids.people.add')}</Button>
    </Form>
  );
}
