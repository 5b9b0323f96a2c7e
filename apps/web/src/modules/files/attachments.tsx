import { useState } from 'react';
import { App as AntApp, Image, Space, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import type { FileRef } from '@lingyan/shared';
import { useMe } from '../../app/auth-context.tsx';
import { useLocale } from '../../app/i18n.tsx';
import { errorText } from '../../app/error-text.ts';
import { fileUrl, uploadFile } from './files.api.ts';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

/**
 * Photos and PDFs to attach to a record being written: each is uploaded at once (POST /files)
 * and the form keeps the ids. On a phone, "add" opens the camera or the gallery.
 */
export function AttachmentUpload({
  value = [],
  onChange,
  max = 10,
  testId = 'attachment-upload',
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  max?: number;
  testId?: string;
}) {
  const { locale, t } = useLocale();
  const me = useMe();
  const { message } = AntApp.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const ids = (list: UploadFile[]) => list.filter((f) => f.status === 'done' && f.response).map((f) => (f.response as FileRef).id);

  return (
    <div data-testid={testId}>
      <Upload
        accept={ACCEPT}
        listType="picture-card"
        fileList={files}
        maxCount={max}
        multiple
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          uploadFile(file as File, { csrfToken: me.csrfToken ?? null, locale }, (percent) => onProgress?.({ percent })).then(
            (ref) => onSuccess?.(ref),
            (error: unknown) => {
              message.error(errorText(locale, error));
              onError?.(error as Error);
            },
          );
        }}
        onChange={({ fileList }) => {
          const kept = fileList.filter((f) => f.status !== 'error');
          setFiles(kept);
          const next = ids(kept);
          if (next.join() !== value.join()) onChange?.(next);
        }}
        onPreview={(f) => {
          const ref = f.response as FileRef | undefined;
          if (ref) window.open(fileUrl(ref.id), '_blank', 'noopener');
        }}
      >
        {files.length >= max ? null : (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
            <PlusOutlined />
            <div style={{ marginTop: 8 }}>{t('web.files.add')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}

/** The files of a record: photos as thumbnails that open large, PDFs as links. */
export function AttachmentList({ files, testId = 'attachment-list' }: { files: readonly FileRef[]; testId?: string }) {
  if (files.length === 0) return null;
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  const others = files.filter((f) => !f.contentType.startsWith('image/'));
  return (
    <Space direction="vertical" size={4} data-testid={testId}>
      {images.length > 0 ? (
        <Image.PreviewGroup>
          <Space wrap>
            {images.map((f) => (
              <Image key={f.id} src={fileUrl(f.id)} alt={f.name} width={72} height={72} style={{ objectFit: 'cover' }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
      {others.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {f.name}
        </a>
      ))}
    </Space>
  );
}
