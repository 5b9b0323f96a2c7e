import { useEffect, useMemo, useState } from 'react';
import { Alert, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  checkIdNumber,
  EDUCATION_LEVELS,
  ETHNIC_GROUPS,
  GENDERS,
  normalizePhone,
  POLITICAL_STATUSES,
  REGISTRATION_TYPES,
  RELATIONS,
  type IdNumberResult,
} from '@lingyan/shared';
import { useLocale, type Translate } from '../../app/i18n.tsx';
import { ApiError } from '../../app/api-client.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import type { OrgRef } from '../orgs/org-tree-select.tsx';
import { HomeSelect } from '../homes/home-select.tsx';
import { OrgSubtreeSelect } from './org-subtree-select.tsx';
import { codeLabel, ethnicLabel, relationLabel, tagLabel } from './registry-labels.ts';
import { createResident, updateResident, type ResidentInput } from './residents.api.ts';
import type { GenderCode, Resident } from './registry-types.ts';
import { useTags } from './use-tags.ts';

type FormValues = {
  gridId: string;
  name: string;
  idNumber?: string;
  gender?: GenderCode | null;
  birthDate?: Dayjs | null;
  phone?: string;
  ethnicity?: string | null;
  religion?: string;
  politicalStatus?: string | null;
  education?: string | null;
  occupation?: string;
  employer?: string;
  registrationType: 'local' | 'non-local';
  residencePermitNo?: string;
  residencePermitExpires?: Dayjs | null;
  tags?: string[];
  homeId?: string | null;
  relation?: string | null;
  movedInAt?: Dayjs | null;
};

/** Where the server's coded errors belong in the form. */
const FIELD_OF_ERROR: Record<string, keyof FormValues> = {
  ID_NUMBER_INVALID: 'idNumber',
  RESIDENT_DUPLICATE_ID_NUMBER: 'idNumber',
  PHONE_INVALID: 'phone',
  TAG_UNKNOWN: 'tags',
  HOME_NOT_IN_GRID: 'homeId',
  GRID_REQUIRED: 'gridId',
  ORG_NOT_FOUND: 'gridId',
};

/** The same words as the server's ID_NUMBER_INVALID, from the same rule (GB 11643). */
export function idProblemText(t: Translate, result: Extract<IdNumberResult, { ok: false }>): string {
  return t('error.ID_NUMBER_INVALID', { problem: t(`idProblem.${result.problem}`, { expected: result.expected ?? '' }) });
}

const date = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
const text = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** When editing, only what changed is sent: the history then names the fields really changed. */
function changedOnly(input: ResidentInput, r: Resident): ResidentInput {
  const before: Record<string, unknown> = {
    gridId: r.gridId,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    politicalStatus: r.politicalStatus,
    education: r.education,
    occupation: r.occupation,
    employer: r.employer,
    registrationType: r.registrationType,
    residencePermitNo: r.residencePermitNo,
    residencePermitExpires: r.residencePermitExpires,
    homeId: r.homeId,
    relation: r.relation,
    movedInAt: r.movedInAt,
  };
  const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? [...a].sort().join() === [...b].sort().join() : (a ?? null) === (b ?? null));
  const out: ResidentInput = {};
  for (const [key, value] of Object.entries(input) as [keyof ResidentInput, unknown][]) {
    if (value === undefined) continue;
    if (key === 'tags' ? same(value, r.tags) : key in before && same(value, before[key])) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export type ResidentFormModalProps = {
  open: boolean;
  /** Editing this resident; creating when absent. */
  resident?: Resident | null;
  /** The node chosen in the header: the grids offered lie below it. */
  root: OrgRef;
  /** Creating in this home (e.g. from the homes page). */
  initialHome?: { id: string; gridId: string; address: string } | null;
  onClose: () => void;
  onSaved: (resident: Resident) => void;
};

/** 新增居民 / 编辑居民: the ID number is checked as it is typed and gives the birth date and gender. */
export function ResidentFormModal({ open, resident, root, initialHome, onClose, onSaved }: ResidentFormModalProps) {
  const { locale, t } = useLocale();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const tags = useTags();
  const editing = Boolean(resident);
  const gridId = Form.useWatch('gridId', form);
  const idNumber = Form.useWatch('idNumber', form);
  const registrationType = Form.useWatch('registrationType', form);
  const idCheck = useMemo(() => (idNumber && idNumber.trim().length >= 15 ? checkIdNumber(idNumber) : null), [idNumber]);
  const fromId = idCheck?.ok ? idCheck : null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    if (resident) {
      form.setFieldsValue({
        gridId: resident.gridId,
        name: resident.name,
        gender: resident.gender,
        birthDate: resident.birthDate ? dayjs(resident.birthDate) : null,
        politicalStatus: resident.politicalStatus,
        education: resident.education,
        occupation: resident.occupation ?? undefined,
        employer: resident.employer ?? undefined,
        registrationType: resident.registrationType,
        residencePermitNo: resident.residencePermitNo ?? undefined,
        residencePermitExpires: resident.residencePermitExpires ? dayjs(resident.residencePermitExpires) : null,
        tags: resident.tags.filter((tag) => !tags?.find((item) => item.code === tag)?.computed),
        homeId: resident.homeId,
        relation: resident.relation,
        movedInAt: resident.movedInAt ? dayjs(resident.movedInAt) : null,
      });
    } else {
      form.setFieldsValue({
        registrationType: 'local',
        gridId: initialHome?.gridId ?? (root.kind === 'grid' ? root.id : undefined),
        homeId: initialHome?.id ?? null,
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  // A valid ID number decides the birth date and gender.
  useEffect(() => {
    if (fromId) form.setFieldsValue({ birthDate: dayjs(fromId.birthDate), gender: fromId.gender });
  }, [fromId, form]);

  const toInput = (values: FormValues): ResidentInput => {
    const input: ResidentInput = {
      gridId: values.gridId,
      name: values.name.trim(),
      gender: fromId ? undefined : (values.gender ?? null),
      birthDate: fromId ? undefined : date(values.birthDate),
      politicalStatus: values.politicalStatus ?? null,
      education: values.education ?? null,
      occupation: text(values.occupation),
      employer: text(values.employer),
      registrationType: values.registrationType,
      residencePermitNo: text(values.residencePermitNo),
      residencePermitExpires: date(values.residencePermitExpires),
      tags: values.tags ?? [],
      homeId: values.homeId ?? null,
      relation: values.relation ?? null,
      movedInAt: date(values.movedInAt),
    };
    // Personal fields are masked when editing: an empty box means "keep what is stored".
    const idValue = text(values.idNumber);
    const phoneValue = text(values.phone);
    const religionValue = text(values.religion);
    if (idValue || !editing) input.idNumber = idValue;
    if (phoneValue || !editing) input.phone = phoneValue;
    if (values.ethnicity || !editing) input.ethnicity = values.ethnicity ?? null;
    if (religionValue || !editing) input.religion = religionValue;
    return resident ? changedOnly(input, resident) : input;
  };

  const submit = async (values: FormValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const input = toInput(values);
      if (resident && Object.keys(input).length === 0) {
        onSaved(resident);
        return;
      }
      const saved = resident ? await updateResident(resident.id, input) : await createResident({ ...input, gridId: values.gridId, name: values.name.trim() });
      onSaved(saved);
    } catch (cause) {
      const field = cause instanceof ApiError ? FIELD_OF_ERROR[cause.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [errorText(locale, cause)] }]);
      else setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  const half = { xs: 24, md: 12 };
  const options = (kind: string, codes: readonly string[]) => codes.map((code) => ({ value: code, label: codeLabel(t, kind, code) }));
  const idHint = fromId
    ? t('web.residents.idReadOut', { birthDate: fromId.birthDate, gender: codeLabel(t, 'gender', fromId.gender) })
    : editing
      ? t('web.residents.keepMasked', { value: resident?.idNumberMasked ?? t('web.common.empty') })
      : t('web.residents.idNumberHint');

  return (
    <Modal
      open={open}
      title={editing ? t('web.residents.edit') : t('web.residents.create')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={760}
      forceRender
      okButtonProps={{ 'data-testid': 'resident-form-submit' }}
    >
      {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
      <Form<FormValues>
        form={form}
        name={editing ? `resident-edit-${resident?.id ?? ''}` : 'resident-create'}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        scrollToFirstError
        onValuesChange={(changed: Partial<FormValues>) => {
          // Another grid: the home chosen in the old one no longer fits.
          if ('gridId' in changed) form.setFieldValue('homeId', null);
        }}
      >
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="gridId" label={t('web.residents.grid')} rules={[requiredRule(t, 'web.residents.grid', 'select')]}>
              <OrgSubtreeSelect root={root} gridsOnly placeholder={t('web.registry.chooseGrid')} data-testid="resident-form-grid" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('web.residents.name')} rules={[requiredRule(t, 'web.residents.name')]}>
              <Input autoComplete="off" maxLength={64} data-testid="resident-form-name" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="idNumber"
              label={t('web.residents.field.idNumber')}
              extra={<span data-testid="resident-form-id-hint">{idHint}</span>}
              validateDebounce={200}
              rules={[
                {
                  validator: (_rule, value: string | undefined) => {
                    if (!value || !value.trim()) return Promise.resolve();
                    const result = checkIdNumber(value);
                    return result.ok ? Promise.resolve() : Promise.reject(new Error(idProblemText(t, result)));
                  },
                },
              ]}
            >
              <Input autoComplete="off" maxLength={18} inputMode="text" data-testid="resident-form-id-number" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="phone"
              label={t('web.residents.field.phone')}
              extra={editing ? t('web.residents.keepMasked', { value: resident?.phoneMasked ?? t('web.common.empty') }) : undefined}
              rules={[
                {
                  validator: (_rule, value: string | undefined) =>
                    !value || !value.trim() || normalizePhone(value) ? Promise.resolve() : Promise.reject(new Error(t('error.PHONE_INVALID'))),
                },
              ]}
            >
              <Input autoComplete="off" maxLength={20} inputMode="tel" data-testid="resident-form-phone" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="gender" label={t('web.residents.gender')}>
              <Select allowClear disabled={Boolean(fromId)} options={options('gender', GENDERS)} data-testid="resident-form-gender" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="birthDate" label={t('web.residents.birthDate')}>
              <DatePicker
                disabled={Boolean(fromId)}
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs())}
                data-testid="resident-form-birth-date"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="ethnicity"
              label={t('web.residents.field.ethnicity')}
              extra={editing && resident?.ethnicityMasked ? t('web.residents.keepMaskedShort') : undefined}
            >
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={Object.keys(ETHNIC_GROUPS).map((code) => ({ value: code, label: ethnicLabel(t, code) }))}
                data-testid="resident-form-ethnicity"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="religion" label={t('web.residents.field.religion')} extra={editing ? t('web.residents.keepMaskedShort') : undefined}>
              <Input autoComplete="off" maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="politicalStatus" label={t('web.residents.politicalStatus')}>
              <Select allowClear options={options('political', POLITICAL_STATUSES)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="education" label={t('web.residents.education')}>
              <Select allowClear options={options('education', EDUCATION_LEVELS)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="occupation" label={t('web.residents.occupation')}>
              <Input autoComplete="off" maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="employer" label={t('web.residents.employer')}>
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="homeId" label={t('web.residents.home')} extra={t('web.residents.homeHint')}>
              <HomeSelect orgId={gridId} valueLabel={resident?.address ?? initialHome?.address} data-testid="resident-form-home" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="relation" label={t('web.residents.relation')}>
              <Select
                allowClear
                options={Object.keys(RELATIONS).map((code) => ({ value: code, label: relationLabel(t, code) }))}
                data-testid="resident-form-relation"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="movedInAt" label={t('web.residents.movedInAt')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="tags" label={t('web.residents.tags')}>
              <Select
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={(tags ?? []).filter((tag) => !tag.computed).map((tag) => ({ value: tag.code, label: tagLabel(locale, tags, tag.code) }))}
                data-testid="resident-form-tags"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="registrationType" label={t('web.residents.registrationType')}>
              <Select options={options('registration', REGISTRATION_TYPES)} />
            </Form.Item>
          </Col>
          {registrationType === 'non-local' ? (
            <>
              <Col {...half}>
                <Form.Item name="residencePermitNo" label={t('web.residents.residencePermitNo')}>
                  <Input autoComplete="off" maxLength={32} />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item name="residencePermitExpires" label={t('web.residents.residencePermitExpires')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
      </Form>
    </Modal>
  );
}
