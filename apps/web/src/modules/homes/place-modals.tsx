import { useEffect, useState } from 'react';
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { BUILDING_KINDS, HOME_KINDS, HOME_USES, OWNERSHIPS } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { ApiError } from '../../app/api-client.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { useAsync } from '../../app/use-async.ts';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { OrgSubtreeSelect } from '../residents/org-subtree-select.tsx';
import { codeLabel } from '../residents/registry-labels.ts';
import type { Building, Home, HomeKind, HomeUse, Ownership } from '../residents/registry-types.ts';
import { createBuilding, createHome, listAllBuildings, updateHome, type BuildingKind } from './homes.api.ts';

function useModalSubmit<T extends object>(fieldOfError: Record<string, keyof T & string>) {
  const { locale } = useLocale();
  const [form] = Form.useForm<T>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setSubmitting(true);
    setError(null);
    try {
      await action();
    } catch (cause) {
      const field = cause instanceof ApiError ? fieldOfError[cause.code] : undefined;
      if (field) form.setFields([{ name: field as never, errors: [errorText(locale, cause)] }]);
      else setError(cause);
    } finally {
      setSubmitting(false);
    }
  };
  const alert = error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null;
  return { form, run, submitting, alert, clear: () => setError(null) };
}

type BuildingForm = { gridId: string; name: string; address?: string; kind: BuildingKind; floors?: number | null; units?: string[] };

/** 新增楼栋: a building of a grid and the names of its units (1单元, 2单元 …). */
export function CreateBuildingModal({
  open,
  root,
  initialGridId,
  onClose,
  onCreated,
}: {
  open: boolean;
  root: OrgRef;
  initialGridId?: string | null;
  onClose: () => void;
  onCreated: (building: Building) => void;
}) {
  const { t } = useLocale();
  const submit = useModalSubmit<BuildingForm>({ BUILDING_NAME_TAKEN: 'name', GRID_REQUIRED: 'gridId', ORG_NOT_FOUND: 'gridId' });
  const { form } = submit;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ kind: 'residential', gridId: initialGridId ?? (root.kind === 'grid' ? root.id : undefined), units: [] });
    submit.clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  return (
    <Modal
      open={open}
      title={t('web.homes.createBuilding')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submit.submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      forceRender
      okButtonProps={{ 'data-testid': 'building-form-submit' }}
    >
      {submit.alert}
      <Form<BuildingForm>
        form={form}
        name="create-building"
        layout="vertical"
        requiredMark="optional"
        onFinish={(values) =>
          submit.run(async () => {
            const building = await createBuilding({
              gridId: values.gridId,
              name: values.name.trim(),
              address: values.address?.trim() || null,
              kind: values.kind,
              floors: values.floors ?? null,
              units: (values.units ?? []).map((unit) => unit.trim()).filter(Boolean),
            });
            onCreated(building);
          })
        }
      >
        <Form.Item name="gridId" label={t('web.residents.grid')} rules={[requiredRule(t, 'web.residents.grid', 'select')]}>
          <OrgSubtreeSelect root={root} gridsOnly placeholder={t('web.registry.chooseGrid')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('web.homes.buildingName')}
              rules={[requiredRule(t, 'web.homes.buildingName')]}
              extra={t('web.homes.buildingNameHint')}
            >
              <Input autoComplete="off" maxLength={64} data-testid="building-form-name" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="kind" label={t('web.homes.buildingKind')}>
              <Select options={BUILDING_KINDS.map((kind) => ({ value: kind, label: codeLabel(t, 'buildingKind', kind) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="floors" label={t('web.homes.floors')}>
              <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('web.residents.address')}>
          <Input autoComplete="off" maxLength={200} />
        </Form.Item>
        <Form.Item name="units" label={t('web.homes.units')} extra={t('web.homes.unitsHint')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ', '、']} open={false} suffixIcon={null} data-testid="building-form-units" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type HomeForm = {
  gridId: string;
  buildingId?: string | null;
  unitId?: string | null;
  kind: HomeKind;
  name?: string;
  roomNo?: string;
  address: string;
  areaM2?: number | null;
  use: HomeUse;
  ownership: Ownership;
  isRented: boolean;
};

/** 新增房屋/场所, or 编辑 one: a home in a building (and unit), or a shop, school, market … of the grid. */
export function HomeFormModal({
  open,
  root,
  home,
  initial,
  onClose,
  onSaved,
}: {
  open: boolean;
  root: OrgRef;
  /** Editing this home; creating when absent. */
  home?: Home | null;
  initial?: { gridId?: string; buildingId?: string; unitId?: string; kind?: HomeKind; address?: string } | null;
  onClose: () => void;
  onSaved: (home: Home) => void;
}) {
  const { t } = useLocale();
  const submit = useModalSubmit<HomeForm>({ GRID_REQUIRED: 'gridId', UNIT_NOT_IN_BUILDING: 'unitId', BUILDING_NOT_FOUND: 'buildingId' });
  const { form } = submit;
  const editing = Boolean(home);
  const gridId = Form.useWatch('gridId', form);
  const buildingId = Form.useWatch('buildingId', form);
  const kind = Form.useWatch('kind', form);
  const buildings = useAsync((signal) => (gridId && !editing ? listAllBuildings(gridId, signal) : Promise.resolve([])), [gridId, editing]);
  const building = buildings.data?.find((b) => b.id === buildingId);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    submit.clear();
    if (home) {
      form.setFieldsValue({
        gridId: home.gridId,
        kind: home.kind,
        name: home.name ?? undefined,
        roomNo: home.roomNo ?? undefined,
        address: home.address,
        areaM2: home.areaM2,
        use: home.use,
        ownership: home.ownership,
        isRented: home.isRented,
      });
    } else {
      form.setFieldsValue({
        kind: initial?.kind ?? 'home',
        use: initial?.kind && initial.kind !== 'home' ? 'commercial' : 'residential',
        ownership: 'private',
        isRented: false,
        gridId: initial?.gridId ?? (root.kind === 'grid' ? root.id : undefined),
        buildingId: initial?.buildingId ?? null,
        unitId: initial?.unitId ?? null,
        address: initial?.address,
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  // A suggested address from the building and room (the worker can still change it).
  const suggestAddress = (changed: Partial<HomeForm>, all: HomeForm) => {
    if ('gridId' in changed) form.setFieldsValue({ buildingId: null, unitId: null });
    if ('buildingId' in changed) form.setFieldsValue({ unitId: null });
    if (editing || !('buildingId' in changed || 'unitId' in changed || 'roomNo' in changed)) return;
    const b = buildings.data?.find((item) => item.id === all.buildingId);
    if (!b) return;
    const unit = b.units.find((u) => u.id === all.unitId);
    const parts = [b.address ?? '', b.name, unit?.name ?? '', all.roomNo ? t('web.homes.roomSuffix', { room: all.roomNo.trim() }) : ''];
    form.setFieldsValue({ address: parts.join('') });
  };

  const half = { xs: 24, sm: 12 };
  return (
    <Modal
      open={open}
      title={editing ? t('web.homes.editHome') : t('web.homes.createHome')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submit.submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={680}
      forceRender
      okButtonProps={{ 'data-testid': 'home-form-submit' }}
    >
      {submit.alert}
      <Form<HomeForm>
        form={form}
        name={editing ? 'home-edit' : 'home-create'}
        layout="vertical"
        requiredMark="optional"
        onValuesChange={suggestAddress}
        onFinish={(values) =>
          submit.run(async () => {
            const common = {
              kind: values.kind,
              name: values.name?.trim() || null,
              roomNo: values.roomNo?.trim() || null,
              address: values.address.trim(),
              areaM2: values.areaM2 ?? null,
              use: values.use,
              ownership: values.ownership,
              isRented: values.isRented,
            };
            const saved = home
              ? await updateHome(home.id, common)
              : await createHome({ ...common, gridId: values.gridId, buildingId: values.buildingId ?? null, unitId: values.unitId ?? null });
            onSaved(saved);
          })
        }
      >
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="gridId" label={t('web.residents.grid')} rules={[requiredRule(t, 'web.residents.grid', 'select')]}>
              <OrgSubtreeSelect root={root} gridsOnly disabled={editing} placeholder={t('web.registry.chooseGrid')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="kind" label={t('web.homes.kind')}>
              <Select options={HOME_KINDS.map((k) => ({ value: k, label: codeLabel(t, 'homeKind', k) }))} data-testid="home-form-kind" />
            </Form.Item>
          </Col>
          {!editing ? (
            <>
              <Col {...half}>
                <Form.Item name="buildingId" label={t('web.homes.building')}>
                  <Select
                    allowClear
                    disabled={!gridId}
                    loading={buildings.loading}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(buildings.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
                    data-testid="home-form-building"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item name="unitId" label={t('web.homes.unit')}>
                  <Select
                    allowClear
                    disabled={!building || building.units.length === 0}
                    options={(building?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
                  />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col {...half}>
            <Form.Item name="roomNo" label={t('web.homes.roomNo')}>
              <Input autoComplete="off" maxLength={32} data-testid="home-form-room" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('web.homes.placeName')} extra={kind && kind !== 'home' ? t('web.homes.placeNameHint') : undefined}>
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('web.residents.address')} rules={[requiredRule(t, 'web.residents.address')]}>
          <Input autoComplete="off" maxLength={200} data-testid="home-form-address" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} sm={6}>
            <Form.Item name="areaM2" label={t('web.homes.area')}>
              <InputNumber min={0.1} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="use" label={t('web.homes.use')}>
              <Select options={HOME_USES.map((u) => ({ value: u, label: codeLabel(t, 'homeUse', u) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="ownership" label={t('web.homes.ownership')}>
              <Select options={OWNERSHIPS.map((o) => ({ value: o, label: codeLabel(t, 'ownership', o) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="isRented" label={t('web.homes.isRented')} valuePropName="checked">
              <Switch checkedChildren={t('web.common.yes')} unCheckedChildren={t('web.common.no')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
